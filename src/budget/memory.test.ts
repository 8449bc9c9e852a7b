import { ledgerContract } from './contract.js';
import { MemoryUsageLedger } from './memory.js';

ledgerContract('memory', { create: () => Promise.resolve(new MemoryUsageLedger()) });
