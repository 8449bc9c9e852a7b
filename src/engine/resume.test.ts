// Runs that outlive the process executing them: state saved while running, resumed from
// the store after an interruption, retried with fresh task ids.
import { describe, expect, it } from 'vitest';
import { QueueDispatcher } from '../queue/dispatcher.js';
import { MemoryQueue } from '../queue/memory.js';
import { MemoryRunStore } from '../store/memory-run-store.js';
import { FakeClock } from './fake-clock.js';
import { TaskError, type AgentTask, type TaskDispatcher, type TaskOutcome } from './ports.js';
import { resetForRetry } from './run-store.js';
import { runTeam, type RunOptions } from './run.js';
import { team } from './testing.js';

const usage = { input: 1, output: 1, total: 2 };
const chain = team([{ role: 'a' }, { role: 'b', dependsOn: ['a'] }, { role: 'c', dependsOn: ['b'], inputs: { prompt: 'after {{ .steps.b.output }}' } }], { timeoutSeconds: 60 });

/** A dispatcher that goes silent once killed, as a dead process would: no answers, no cancels. */
function killable(inner: TaskDispatcher): TaskDispatcher & { kill(): void } {
  let dead = false;
  const never = new Promise<TaskOutcome>(() => {});
  return {
    kill: () => { dead = true; },
    dispatch: (task, signal) => {
      if (dead) return never;
      const alive = new AbortController();
      signal.addEventListener('abort', () => { if (!dead) alive.abort(signal.reason); }, { once: true });
      return inner.dispatch(task, alive.signal).then((outcome) => (dead ? never : outcome), (error: unknown) => (dead ? never : Promise.reject(error)));
    },
  };
}

/** Agents that outlive the engine: a queue with one worker per role, b gated until opened. */
function agents(clock: FakeClock) {
  const queue = new MemoryQueue({ clock });
  const calls: string[] = [];
  let openGate!: () => void;
  const gate = new Promise<void>((resolve) => { openGate = resolve; });
  for (const role of ['a', 'b', 'c']) {
    queue.consume(role, async (task: AgentTask) => {
      calls.push(task.id);
      if (role === 'b') await gate;
      return { output: `${role} done`, usage };
    }, { concurrency: 1 });
  }
  return { queue, calls, openGate, dispatcher: () => new QueueDispatcher(queue, (role) => role) };
}

async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setImmediate(resolve));
}

describe('runTeam with a RunStore', () => {
  it('saves each step as it finishes, before the run ends', async () => {
    const clock = new FakeClock();
    const store = new MemoryRunStore();
    const world = agents(clock);
    const options: RunOptions = { runId: 'r1', teamName: 't', team: chain, input: {}, dispatcher: world.dispatcher(), store, clock };
    const running = runTeam(options);
    await until(async () => (await store.load('r1'))?.steps.find((step) => step.name === 'a')?.phase === 'Succeeded');
    const saved = (await store.load('r1'))!;
    expect(saved).toMatchObject({ phase: 'Running', team: 't', deadline: clock.now() + 60_000 });
    expect(saved.steps.find((step) => step.name === 'a')).toMatchObject({ output: 'a done', attempts: 1, taskID: 'r1/a/1.1' });
    world.openGate();
    expect((await running).phase).toBe('Succeeded');
    expect(await store.load('r1')).toMatchObject({ phase: 'Succeeded', output: 'c done', usage: { total: 6 } });
  });

  it('resumes an interrupted run: finished steps are kept, a running step re-attaches, the deadline stays', async () => {
    const clock = new FakeClock();
    const store = new MemoryRunStore();
    const world = agents(clock);
    const first = killable(world.dispatcher());
    void runTeam({ runId: 'r2', teamName: 't', team: chain, input: {}, dispatcher: first, store, clock });
    await until(() => world.calls.includes('r2/b/1.1'));
    await until(async () => (await store.load('r2'))?.steps.find((step) => step.name === 'b')?.taskID === 'r2/b/1.1');
    first.kill();
    const startedAt = (await store.load('r2'))!.startTime;
    // While no engine runs, b's agent finishes; its result waits in the queue.
    world.openGate();
    await clock.advance(50_000);

    const result = await runTeam({ runId: 'r2', teamName: 't', team: chain, input: {}, dispatcher: world.dispatcher(), store, clock, resume: true });
    expect(result.phase).toBe('Succeeded');
    expect(result.startTime).toBe(startedAt);
    expect(world.calls).toEqual(['r2/a/1.1', 'r2/b/1.1', 'r2/c/1.1']);
    expect(result.steps.map((step) => [step.name, step.phase, step.attempts])).toEqual([['a', 'Succeeded', 1], ['b', 'Succeeded', 1], ['c', 'Succeeded', 1]]);
    expect((await store.load('r2'))!.deadline).toBe(startedAt + 60_000);
  });

  it('keeps the original deadline: a resumed run times out when the first start said', async () => {
    const clock = new FakeClock();
    const store = new MemoryRunStore();
    const world = agents(clock);
    const first = killable(world.dispatcher());
    void runTeam({ runId: 'r3', teamName: 't', team: chain, input: {}, dispatcher: first, store, clock });
    await until(() => world.calls.includes('r3/b/1.1'));
    first.kill();
    await clock.advance(40_000);
    const resumed = runTeam({ runId: 'r3', teamName: 't', team: chain, input: {}, dispatcher: world.dispatcher(), store, clock, resume: true });
    await clock.advance(20_000);
    const result = await resumed;
    expect(result.phase).toBe('TimedOut');
    expect(result.completionTime - result.startTime).toBe(60_000);
  });

  it('retries a failed step with a fresh task id, never the old failure', async () => {
    const clock = new FakeClock();
    const store = new MemoryRunStore();
    const queue = new MemoryQueue({ clock });
    const ids: string[] = [];
    let failB = true;
    for (const role of ['a', 'b', 'c']) {
      queue.consume(role, async (task: AgentTask) => {
        ids.push(task.id);
        if (role === 'b' && failB) throw new TaskError('the model refused');
        return { output: `${role} ok`, usage };
      }, { concurrency: 1 });
    }
    const options: RunOptions = { runId: 'r4', teamName: 't', team: chain, input: {}, dispatcher: new QueueDispatcher(queue, (role) => role), store, clock };
    const failed = await runTeam(options);
    expect(failed).toMatchObject({ phase: 'Failed', failedStep: 'b' });
    await store.save({ runId: 'r4', ...toUpdate(resetForRetry((await store.load('r4'))!)) });
    failB = false;
    const retried = await runTeam({ ...options, resume: true });
    expect(retried.phase).toBe('Succeeded');
    expect(ids.filter((id) => id.startsWith('r4/b/'))).toEqual(['r4/b/1.1', 'r4/b/1.2']);
    expect(ids.filter((id) => id.startsWith('r4/a/'))).toEqual(['r4/a/1.1']);
    expect(retried.steps[1]).toMatchObject({ phase: 'Succeeded', attempts: 2, taskID: 'r4/b/1.2' });
  });
});

function toUpdate(record: ReturnType<typeof resetForRetry>) {
  const { runId: _runId, steps, ...run } = record;
  return { run, steps };
}
