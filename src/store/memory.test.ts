import { describe, expect, it } from 'vitest';
import { eventLogContract } from './event-log.contract.js';
import { MemoryEventLog } from './memory-event-log.js';
import { MemoryRunStore } from './memory-run-store.js';
import { runStoreContract } from './run-store.contract.js';

runStoreContract('memory', async () => new MemoryRunStore());
eventLogContract('memory', async () => new MemoryEventLog());

describe('MemoryEventLog', () => {
  it('keeps only the newest events of a run beyond its bound', async () => {
    const log = new MemoryEventLog(3);
    await log.append('r', [1, 2, 3, 4, 5].map((seq) => ({ type: 'step.skipped', time: seq, runId: 'r', step: 'a', reason: '', seq }) as const));
    expect((await log.read('r')).map((event) => event.seq)).toEqual([3, 4, 5]);
  });
});
