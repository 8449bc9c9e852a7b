import { describe, expect, it } from 'vitest';
import { MemoryEventLog } from '../store/memory-event-log.js';
import { MemoryMetrics, type Logger } from '../telemetry/types.js';
import { EventRecorder, type EventLog } from './event-log.js';
import { fanOut, type RunEvent } from './events.js';
import { runTeam } from './run.js';
import { ScriptedDispatcher, team } from './testing.js';

function telemetry() {
  const warnings: string[] = [];
  const logger: Logger = { info() {}, warn: (message) => { warnings.push(message); }, error() {} };
  return { warnings, metrics: new MemoryMetrics(), get value() { return { logger, metrics: this.metrics }; } };
}

const skipped = (runId: string, step: string): RunEvent => ({ type: 'step.skipped', time: 0, runId, step, reason: '' });

describe('EventRecorder', () => {
  it('numbers each run’s events from 1 and stores them in emit order', async () => {
    const log = new MemoryEventLog();
    const recorder = new EventRecorder(log, telemetry().value);
    for (const step of ['a', 'b', 'c']) recorder.emit(skipped('r1', step));
    recorder.emit(skipped('r2', 'x'));
    await Promise.resolve();
    recorder.emit(skipped('r1', 'd'));
    await recorder.flush();
    expect((await log.read('r1')).map((event) => [event.seq, event.type === 'step.skipped' && event.step])).toEqual([[1, 'a'], [2, 'b'], [3, 'c'], [4, 'd']]);
    expect((await log.read('r2')).map((event) => event.seq)).toEqual([1]);
  });

  it('continues a resumed run’s numbering after what the log holds', async () => {
    const log = new MemoryEventLog();
    await log.append('r', [{ ...skipped('r', 'a'), seq: 1 }, { ...skipped('r', 'b'), seq: 2 }]);
    const recorder = new EventRecorder(log, telemetry().value);
    await recorder.resume('r');
    recorder.emit(skipped('r', 'c'));
    await recorder.flush('r');
    expect((await log.read('r')).map((event) => event.seq)).toEqual([1, 2, 3]);
  });

  it('reports a failing log with a metric and a log line, and the run still succeeds', async () => {
    class BrokenLog extends MemoryEventLog {
      override async append(): Promise<void> { throw new Error('redis is down'); }
    }
    const broken: EventLog = new BrokenLog();
    const report = telemetry();
    const recorder = new EventRecorder(broken, report.value);
    const result = await runTeam({ runId: 'r', teamName: 't', team: team([{ role: 'a' }]), input: {}, dispatcher: new ScriptedDispatcher(() => 'ok'), events: recorder });
    await recorder.flush();
    expect(result.phase).toBe('Succeeded');
    expect(report.metrics.total('arkonis_event_sink_failures_total')).toBeGreaterThan(0);
    expect(report.warnings[0]).toBe('event sink event-log failed: redis is down');
  });

  it('counts an observer that throws, without breaking the others', () => {
    const report = telemetry();
    const seen: string[] = [];
    const sink = fanOut(report.value, { emit: () => { throw new Error('bad observer'); } }, { emit: (event) => { seen.push(event.type); } });
    sink.emit(skipped('r', 'a'));
    expect(seen).toEqual(['step.skipped']);
    expect(report.metrics.total('arkonis_event_sink_failures_total')).toBe(1);
  });
});
