import { queueContract } from './contract.js';
import { MemoryQueue } from './memory.js';

queueContract('memory', { create: async (options) => new MemoryQueue(options?.pendingLimit) });
