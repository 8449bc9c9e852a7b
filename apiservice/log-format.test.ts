// Run log lines (C3) and the query and body validation of the routes.
import { describe, expect, it } from 'vitest';
import type { LoggedEvent } from '../src/engine/events.js';
import { formatEvent, matches, rfc3339Nano } from './log-format.js';
import { logQuery, parse, taskBody, taskQuery } from './queries.js';

const time = Date.UTC(2026, 11, 1, 12, 0, 0, 123);
const started: LoggedEvent = { seq: 1, time, runId: 'ns.r', type: 'run.started', team: 'blog', steps: ['research', 'write'] };
const step: LoggedEvent = { seq: 2, time: time + 5, runId: 'ns.r', type: 'step.completed', step: 'research', phase: 'Succeeded', usage: { input: 3, output: 4, total: 7 } };

describe('run log lines', () => {
  it('prints `<step or run> <type> <detail>`, with an RFC3339Nano time when asked', () => {
    expect(formatEvent(started, { json: false, timestamps: false })).toBe('run run.started team=blog steps=research,write\n');
    expect(formatEvent(step, { json: false, timestamps: true })).toBe('2026-12-01T12:00:00.128000000Z research step.completed phase=Succeeded tokens=7\n');
    expect(rfc3339Nano(time)).toBe('2026-12-01T12:00:00.123000000Z');
  });

  it('prints one JSON event per line with format=json', () => {
    expect(JSON.parse(formatEvent(step, { json: true, timestamps: false }))).toEqual(step);
  });

  it('filters by step and by time', () => {
    expect([started, step].filter((e) => matches(e, { step: 'research' }))).toEqual([step]);
    expect([started, step].filter((e) => matches(e, { since: time + 1 }))).toEqual([step]);
  });
});

describe('route validation', () => {
  it('accepts the C3 log parameters and refuses a bad one naming it, its value and the fix', () => {
    expect(parse(logQuery, { follow: 'true', tailLines: '10', sinceSeconds: '60', timestamps: '1', format: 'json' }, 'query'))
      .toEqual({ follow: true, tailLines: 10, sinceSeconds: 60, timestamps: true, format: 'json' });
    expect(() => parse(logQuery, { tailLines: '-3' }, 'query')).toThrow(/query\.tailLines: expected a whole number \(got "-3"\); fix: see docs\/apiservice.md/);
    expect(() => parse(logQuery, { follow: ['true', 'false'] }, 'query')).toThrow(/query\.follow/);
    expect(() => parse(taskQuery, { wait: '61' }, 'query')).toThrow(/query\.wait/);
  });

  it('requires a prompt, allows string inputs, and refuses unknown fields', () => {
    expect(parse(taskBody, { prompt: 'hi', inputs: { tone: 'dry' } }, 'body')).toEqual({ prompt: 'hi', inputs: { tone: 'dry' } });
    expect(() => parse(taskBody, {}, 'body')).toThrow(/body\.prompt/);
    expect(() => parse(taskBody, { prompt: 'hi', inputs: { n: 3 } }, 'body')).toThrow(/body\.inputs\.n/);
    expect(() => parse(taskBody, { prompt: 'hi', model: 'x' }, 'body')).toThrow(/body: Unrecognized key/);
    expect(() => parse(taskBody, 'text', 'body')).toThrow(/body: /);
  });
});
