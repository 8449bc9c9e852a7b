import { describe, expect, it } from 'vitest';
import type { ArkRunObject } from './api.js';
import { age, humanDuration, runDetail, runSummary, runsTable, table, taskDetail } from './format.js';

const NOW = Date.parse('2026-12-01T12:00:00Z');
const at = (secondsAgo: number): string => new Date(NOW - secondsAgo * 1000).toISOString();

describe('humanDuration: the ages kubectl prints', () => {
  it.each([
    [0, '0s'], [45, '45s'], [119, '119s'], [120, '2m'], [200, '3m20s'], [600, '10m'], [179 * 60, '179m'],
    [3 * 3600, '3h'], [2 * 3600 + 300 + 3 * 3600, '5h5m'], [30 * 3600, '30h'], [3 * 86400 + 4 * 3600, '3d4h'],
    [2 * 86400, '2d'], [400 * 86400, '400d'], [(2 * 365 + 30) * 86400, '2y30d'], [9 * 365 * 86400, '9y'],
  ])('%i s → %s', (seconds, text) => {
    expect(humanDuration(seconds * 1000)).toBe(text);
  });

  it('a time in the future is 0s, and a missing or unreadable one <none>', () => {
    expect(humanDuration(-5000)).toBe('0s');
    expect(age(undefined, NOW)).toBe('<none>');
    expect(age('yesterday', NOW)).toBe('<none>');
  });
});

describe('table', () => {
  it('pads columns to the widest cell, three spaces apart, without trailing spaces', () => {
    expect(table(['NAME', 'X'], [['a', '1'], ['longer-name', '']])).toEqual(['NAME          X', 'a             1', 'longer-name']);
  });
});

const run = (name: string, over: Partial<ArkRunObject['status']> & { created: number; team?: string }): ArkRunObject => ({
  metadata: { name, namespace: 'ns', creationTimestamp: at(over.created) },
  spec: { teamRef: { name: over.team ?? 'quickstart' } },
  status: { phase: over.phase, startTime: over.startTime, completionTime: over.completionTime, totalTokenUsage: over.totalTokenUsage, steps: over.steps, message: over.message, failedStep: over.failedStep },
});

describe('runsTable: ark status', () => {
  it('has the ArkRun printer columns, newest run first; a run with no status yet is Pending', () => {
    const lines = runsTable([
      run('quickstart-abc', { created: 600, phase: 'Succeeded', startTime: at(590), totalTokenUsage: { input: 100, output: 23, total: 123 } }),
      run('quickstart-new', { created: 5 }),
    ], NOW);
    expect(lines).toEqual([
      'NAME             TEAM         PHASE       TOKENS   STARTED   AGE',
      'quickstart-new   quickstart   Pending     0        <none>    5s',
      'quickstart-abc   quickstart   Succeeded   123      9m50s     10m',
    ]);
  });
});

describe('runDetail: ark status <run>', () => {
  it('shows the run, then one row per step with its attempts, tokens, duration and message', () => {
    const lines = runDetail(run('r1', {
      created: 100, phase: 'Failed', startTime: at(90), completionTime: at(80), failedStep: 'write', message: 'step write failed',
      totalTokenUsage: { input: 5, output: 5, total: 10 },
      steps: [
        { name: 'research', phase: 'Succeeded', attempts: 1, startTime: at(90), completionTime: at(85), tokenUsage: { input: 5, output: 5, total: 10 } },
        { name: 'write', phase: 'Failed', attempts: 3, startTime: at(85), completionTime: at(80), message: 'model\nrefused' },
        { name: 'publish', phase: 'Pending' },
      ],
    }), NOW);
    expect(lines).toContain('Phase:       Failed');
    expect(lines).toContain('Duration:    10.0s');
    expect(lines).toContain('Failed step: write');
    expect(lines.slice(-4)).toEqual([
      'STEP       PHASE       ATTEMPTS   TOKENS   DURATION   MESSAGE',
      'research   Succeeded   1          10       5.0s',
      'write      Failed      3          0        5.0s       model refused',
      'publish    Pending     0          0        -',
    ]);
  });

  it('says so when the run has no steps yet', () => {
    expect(runDetail(run('r2', { created: 1 }), NOW).at(-1)).toBe('No steps yet.');
  });
});

describe('runSummary: the line ark run ends with', () => {
  it('phase, duration, tokens; a failed run says where and why', () => {
    expect(runSummary(run('ok', { created: 10, phase: 'Succeeded', startTime: at(10), completionTime: at(8.8), totalTokenUsage: { input: 1000, output: 234, total: 1234 } })))
      .toBe('Succeeded in 1.20s · 1,234 tokens');
    expect(runSummary(run('bad', { created: 10, phase: 'Failed', startTime: at(10), completionTime: at(9), failedStep: 'w', message: 'boom' })))
      .toBe('Failed at step w in 1.00s · 0 tokens: boom');
  });
});

describe('taskDetail: ark status task-<id>', () => {
  it('shows the phase, the times with the queue wait, the tokens and the output', () => {
    const lines = taskDetail({
      metadata: { name: 'task-1', namespace: 'ns', creationTimestamp: '2026-12-01T12:00:00Z' },
      spec: { target: 'arkagents/writer', prompt: 'hi' },
      status: { phase: 'Succeeded', output: 'the answer', startTime: '2026-12-01T12:00:00.250Z', completionTime: '2026-12-01T12:00:01.500Z', queueWaitSeconds: 0.25, tokenUsage: { input: 1, output: 2, total: 3 } },
    }, NOW);
    expect(lines).toEqual([
      'Name:        task-1', 'Namespace:   ns', 'Target:      arkagents/writer', 'Phase:       Succeeded',
      'Created:     2026-12-01T12:00:00Z', 'Started:     2026-12-01T12:00:00.250Z', 'Queue wait:  0.25s',
      'Completed:   2026-12-01T12:00:01.500Z', 'Duration:    1.25s', 'Tokens:      3', '', 'the answer',
    ]);
  });

  it('a queued task shows only what it has', () => {
    expect(taskDetail({ metadata: { name: 'task-2' }, spec: { target: 'arkservices/s', prompt: 'p' }, status: { phase: 'Pending' } }, NOW))
      .toEqual(['Name:        task-2', 'Target:      arkservices/s', 'Phase:       Pending']);
  });
});
