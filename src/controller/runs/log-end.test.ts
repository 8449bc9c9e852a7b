import { describe, expect, it } from 'vitest';
import type { ArkRunStatus } from '../../api/index.js';
import { EventRecorder } from '../../engine/event-log.js';
import type { LoggedEvent } from '../../engine/events.js';
import { MemoryEventLog } from '../../store/memory-event-log.js';
import { silentTelemetry } from '../../telemetry/types.js';
import { logRunEnd } from './log-end.js';

const usage = { input: 3, output: 4, total: 7 };
const runStarted = (seq: number): LoggedEvent => ({ type: 'run.started', time: 1, runId: 'ns.r', team: 't', steps: ['a'], seq });
const runCompleted = (seq: number): LoggedEvent => ({ type: 'run.completed', time: 2, runId: 'ns.r', phase: 'Succeeded', usage, durationMs: 1, seq });

function setup(): { log: MemoryEventLog; end: (status: ArkRunStatus) => Promise<void> } {
  const log = new MemoryEventLog();
  const deps = { log, recorder: new EventRecorder(log, silentTelemetry()), now: () => 5_000 };
  return { log, end: (status) => logRunEnd(deps, 'ns.r', status) };
}

describe('logRunEnd', () => {
  it('logs the end of a run refused before the engine ran it, with its phase, message and usage', async () => {
    const { log, end } = setup();
    await end({ phase: 'Failed', message: 'spec.teamSpec: missing', durationSeconds: 0.25, totalTokenUsage: usage });
    expect(await log.read('ns.r')).toEqual([
      { type: 'run.completed', time: 5_000, runId: 'ns.r', phase: 'Failed', message: 'spec.teamSpec: missing', usage, durationMs: 250, seq: 1 },
    ]);
    expect(await log.ended('ns.r')).toBe(true);
  });

  it('logs the end of a run whose log stopped at its (re)start: a restart lost the event', async () => {
    const { log, end } = setup();
    await log.append('ns.r', [runStarted(1), runCompleted(2), runStarted(3)]);
    await end({ phase: 'Cancelled' });
    const last = (await log.read('ns.r')).at(-1);
    expect(last).toMatchObject({ type: 'run.completed', phase: 'Cancelled', usage: { input: 0, output: 0, total: 0 }, durationMs: 0 });
  });

  it('adds nothing when the engine logged the end, or the status is not terminal', async () => {
    const { log, end } = setup();
    await log.append('ns.r', [runStarted(1), runCompleted(2)]);
    await end({ phase: 'Succeeded' });
    await end({ phase: 'Running' });
    await end({});
    expect((await log.read('ns.r')).map((event) => event.seq)).toEqual([1, 2]);
  });
});
