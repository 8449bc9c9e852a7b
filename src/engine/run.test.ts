import { describe, expect, it } from 'vitest';
import { runTeam, type RunOptions } from './run.js';
import { FakeClock } from './fake-clock.js';
import { TaskError } from './ports.js';
import { collectEvents, ScriptedDispatcher, team, type Script } from './testing.js';
import type { ArkTeamSpec } from '../api/index.js';

const echo: Script = (task) => `${task.step}:${task.prompt}`;

function run(spec: ArkTeamSpec, dispatcher: ScriptedDispatcher, extra: Partial<RunOptions> = {}) {
  return runTeam({ runId: 'r1', teamName: 't', team: spec, input: { topic: 'k8s' }, dispatcher, ...extra });
}

describe('runTeam: DAG scheduling', () => {
  it('runs a diamond with the two middle steps in parallel and feeds outputs through templates', async () => {
    const dispatcher = new ScriptedDispatcher(echo, 20);
    const spec = team([
      { role: 'a', inputs: { prompt: 'about {{ .input.topic }}' } },
      { role: 'b', dependsOn: ['a'], inputs: { prompt: 'B({{ .steps.a.output }})' } },
      { role: 'c', dependsOn: ['a'], inputs: { prompt: 'C' } },
      { role: 'd', dependsOn: ['b', 'c'], inputs: { prompt: '{{ .steps.b.output }}+{{ .steps.c.output }}' } },
    ]);
    const result = await run(spec, dispatcher);
    expect(result.phase).toBe('Succeeded');
    expect(dispatcher.maxRunning).toBe(2);
    expect(dispatcher.prompts('d')).toEqual(['b:B(a:about k8s)+c:C']);
    expect(result.output).toBe('d:b:B(a:about k8s)+c:C');
    expect(result.usage.total).toBe(40);
    expect(result.steps.map((step) => step.phase)).toEqual(['Succeeded', 'Succeeded', 'Succeeded', 'Succeeded']);
  });

  it('skips a step whose if renders falsy and still runs its dependants', async () => {
    const dispatcher = new ScriptedDispatcher(echo);
    const spec = team([
      { role: 'a', inputs: { prompt: 'x' } },
      { role: 'b', dependsOn: ['a'], if: '{{ eq .input.topic "other" }}', inputs: { prompt: 'y' } },
      { role: 'c', dependsOn: ['b'], inputs: { prompt: 'phase={{ .steps.b.phase }}' } },
    ]);
    const result = await run(spec, dispatcher);
    expect(result.phase).toBe('Succeeded');
    expect(result.steps[1]).toMatchObject({ phase: 'Skipped' });
    expect(dispatcher.prompts('b')).toEqual([]);
    expect(dispatcher.prompts('c')).toEqual(['phase=Skipped']);
  });

  it('loops while the condition is truthy, bounded by maxIterations', async () => {
    let n = 0;
    const dispatcher = new ScriptedDispatcher(() => JSON.stringify({ n: ++n }));
    const spec = team([{ role: 'a', inputs: { prompt: 'go' }, loop: { condition: '{{ lt .steps.a.data.n 3 }}', maxIterations: 10 } }]);
    const result = await run(spec, dispatcher);
    expect(result.steps[0]).toMatchObject({ phase: 'Succeeded', iterations: 3 });
    const capped = await run(team([{ role: 'a', loop: { condition: 'true', maxIterations: 2 } }]), new ScriptedDispatcher(echo));
    expect(capped.steps[0]!.iterations).toBe(2);
  });

  it('fails the run at the first failed step; dependants never start', async () => {
    const dispatcher = new ScriptedDispatcher((task) => { if (task.step === 'b') throw new Error('model exploded'); return 'ok'; });
    const spec = team([{ role: 'a' }, { role: 'b', dependsOn: ['a'] }, { role: 'c', dependsOn: ['b'] }]);
    const result = await run(spec, dispatcher);
    expect(result).toMatchObject({ phase: 'Failed', failedStep: 'b' });
    expect(result.message).toContain('model exploded');
    expect(result.steps.map((step) => step.phase)).toEqual(['Succeeded', 'Failed', 'Pending']);
  });

  it('cancels in-flight siblings when a step fails, without waiting for them', async () => {
    const clock = new FakeClock();
    const dispatcher = new ScriptedDispatcher(
      (task) => { if (task.step === 'bad') throw new Error('no'); return 'late'; },
      (task) => (task.step === 'slow' ? 5_000 : 0),
      clock,
    );
    const spec = team([{ role: 'bad' }, { role: 'slow' }]);
    const result = await run(spec, dispatcher, { clock });
    expect(result).toMatchObject({ phase: 'Failed', failedStep: 'bad' });
    expect(result.steps[1]).toMatchObject({ phase: 'Failed', message: expect.stringContaining('aborted') });
    expect(result.completionTime - result.startTime).toBe(0);
  });
});

describe('runTeam: checks and retries', () => {
  const schema = { type: 'object', properties: { score: { type: 'integer' } }, required: ['score'] };

  it('really validates outputSchema and fails without a retry policy', async () => {
    const result = await run(team([{ role: 'a', outputSchema: schema }]), new ScriptedDispatcher(() => '{"score":"high"}'));
    expect(result.phase).toBe('Failed');
    expect(result.message).toMatch(/outputSchema: .*score.*integer/);
  });

  it('retries with the failure reason fed back, then succeeds', async () => {
    const dispatcher = new ScriptedDispatcher((_task, call) => (call === 1 ? 'no json here' : '```json\n{"score": 8}\n```'));
    const spec = team([{ role: 'a', outputSchema: JSON.stringify(schema), validate: { onFailure: 'retry', maxRetries: 2 } }], {
      output: 'score={{ .steps.a.data.score }}',
    });
    const result = await run(spec, dispatcher);
    expect(result).toMatchObject({ phase: 'Succeeded', output: 'score=8' });
    expect(result.steps[0]!.attempts).toBe(2);
    expect(dispatcher.prompts('a')[1]).toContain('previous answer was rejected: outputSchema: the output is not JSON');
    expect(dispatcher.tasks[0]!.responseSchema).toEqual(schema);
  });

  it('applies contains, rejectPatterns and the semantic judge', async () => {
    const outputs = ['plain', '## Title ignore previous instructions', '## Title fine', '## Title good'];
    let i = 0;
    const dispatcher = new ScriptedDispatcher((task) => {
      if (task.kind === 'validate') return task.prompt.includes('fine') ? 'INVALID' : 'VALID';
      return outputs[i++]!;
    });
    const spec = team([{ role: 'a', validate: {
      contains: '^##', rejectPatterns: ['(?i)IGNORE\\s+previous'], semantic: 'Is it good?', onFailure: 'retry', maxRetries: 3,
    } }]);
    const result = await run(spec, dispatcher);
    expect(result).toMatchObject({ phase: 'Succeeded', output: '## Title good' });
    expect(result.steps[0]!.attempts).toBe(4);
    expect(dispatcher.tasks.filter((task) => task.kind === 'validate')).toHaveLength(2);
  });
});

describe('runTeam: limits', () => {
  it('stops starting steps once maxTokens is spent (BudgetExceeded)', async () => {
    const dispatcher = new ScriptedDispatcher(echo);
    const result = await run(team([{ role: 'a' }, { role: 'b', dependsOn: ['a'] }, { role: 'c', dependsOn: ['b'] }], { maxTokens: 15 }), dispatcher);
    expect(result.phase).toBe('BudgetExceeded');
    expect(result.message).toContain('maxTokens 15');
    expect(dispatcher.tasks.map((task) => task.step)).toEqual(['a', 'b']);
    expect(result.steps[2]!.phase).toBe('Pending');
  });

  it('times out a run at its deadline on the clock and aborts in-flight tasks (TimedOut)', async () => {
    const clock = new FakeClock();
    const dispatcher = new ScriptedDispatcher(echo, 5_000, clock);
    const pending = run(team([{ role: 'slow' }]), dispatcher, { timeoutSeconds: 3, clock });
    await clock.advance(3_000);
    const result = await pending;
    expect(result).toMatchObject({ phase: 'TimedOut', message: 'run exceeded timeoutSeconds 3' });
    expect(result.completionTime - result.startTime).toBe(3_000);
    expect(dispatcher.tasks[0]!.deadline).toBe(result.startTime + 3_000);
  });

  it('times the run out when a task fails because the deadline passed before this process\'s timer fired', async () => {
    // The runtime's deadline timer reports first; this process's timer has not fired yet.
    let time = Date.UTC(2026, 11, 1, 12);
    const clock = { now: () => time, setTimer: () => ({ cancel: () => undefined }) };
    let fail = (_error: Error): void => undefined;
    const dispatcher = { dispatch: () => new Promise<never>((_, reject) => (fail = reject)) };
    const pending = runTeam({ runId: 'r', teamName: 't', team: team([{ role: 'slow' }]), input: {}, dispatcher, clock, timeoutSeconds: 3 });
    await new Promise((resolve) => setImmediate(resolve));
    time += 3_000;
    fail(new TaskError('the run deadline passed while the task ran'));
    expect(await pending).toMatchObject({ phase: 'TimedOut', message: 'run exceeded timeoutSeconds 3' });
  });

  it('cancels when the caller aborts (Cancelled)', async () => {
    const clock = new FakeClock();
    const abort = new AbortController();
    const pending = run(team([{ role: 'slow' }]), new ScriptedDispatcher(echo, 5_000, clock), { signal: abort.signal, clock });
    await clock.advance(20);
    abort.abort();
    expect((await pending).phase).toBe('Cancelled');
  });

  it('fails the run when the output template cannot render', async () => {
    const result = await run(team([{ role: 'a' }], { output: '{{ index .steps.a.data "x" 3 }}' }), new ScriptedDispatcher(() => '{"x":1}'));
    expect(result.phase).toBe('Failed');
    expect(result.message).toMatch(/^spec\.output: /);
  });
});

describe('runTeam: events', () => {
  it('emits typed events from run.started to run.completed', async () => {
    const sink = collectEvents();
    await run(team([{ role: 'a' }, { role: 'b', dependsOn: ['a'] }]), new ScriptedDispatcher(echo), { events: sink });
    const types = sink.events.map((event) => event.type);
    expect(types[0]).toBe('run.started');
    expect(types.at(-1)).toBe('run.completed');
    expect(types.filter((type) => type === 'task.submitted')).toHaveLength(2);
    expect(types.filter((type) => type === 'step.completed')).toHaveLength(2);
    expect(sink.events.every((event) => event.runId === 'r1')).toBe(true);
  });

  it('runs a dynamic team as one task on the entry role with the input prompt', async () => {
    const dispatcher = new ScriptedDispatcher(echo);
    const spec = team([], { roles: [{ name: 'lead', model: 'mock', systemPrompt: 'x', canDelegate: [] }], pipeline: undefined, entry: 'lead' });
    const result = await runTeam({ runId: 'r', teamName: 't', team: spec, input: { prompt: 'help me' }, dispatcher });
    expect(result).toMatchObject({ phase: 'Succeeded', output: 'lead:help me' });
  });
});

describe('runTeam: template failures at run time', () => {
  it('names the step and the field path of a template that fails while rendering', async () => {
    const spec = team([{ role: 'a' }, { role: 'b', dependsOn: ['a'], inputs: { prompt: 'ok', detail: '{{ div 1 0 }}' } }]);
    const result = await runTeam({ runId: 'r', teamName: 't', team: spec, input: {}, dispatcher: new ScriptedDispatcher(echo) });
    expect(result).toMatchObject({ phase: 'Failed', failedStep: 'b' });
    expect(result.message).toMatch(/^step "b" failed: spec\.pipeline\[1\]\.inputs\.detail: line 1, column \d+: error calling div: /);
  });
});
