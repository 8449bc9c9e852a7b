// Token budgets: windows, the usage ledger port and adapters, and the admission check.
export * from './periods.js';
export * from './ledger.js';
export * from './check.js';
export { MemoryUsageLedger } from './memory.js';
export { RedisUsageLedger } from './redis.js';
export { UsageCache } from './usage-cache.js';
export type { UsageCacheOptions } from './usage-cache.js';
