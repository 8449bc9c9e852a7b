import { describe, expect, it } from 'vitest';
import { renderServerError, ServerError, statusFromBody } from './status-error.js';

describe('server errors read as kubectl shows them', () => {
  it('Error from server (Reason): message, from a Status body', () => {
    const body = JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 403, reason: 'Forbidden',
      message: 'user "alice" cannot create resource "arkagents/tasks" in API group "runtime.arkonis.dev" in the namespace "team-a"' });
    expect(new ServerError(403, statusFromBody(403, body)).message)
      .toBe('Error from server (Forbidden): user "alice" cannot create resource "arkagents/tasks" in API group "runtime.arkonis.dev" in the namespace "team-a"');
  });

  it('a Status without a reason takes the reason of its HTTP code; an unknown code has none', () => {
    expect(renderServerError(409, { message: 'run r1 has not failed' })).toBe('Error from server (Conflict): run r1 has not failed');
    expect(renderServerError(418, { message: 'odd' })).toBe('Error from server: odd');
  });

  it('lists causes the message does not already hold', () => {
    const text = renderServerError(422, { reason: 'Invalid', message: 'ArkRun "x" is invalid', details: { causes: [{ field: 'spec.input.topic', message: 'required' }] } });
    expect(text).toBe('Error from server (Invalid): ArkRun "x" is invalid\n  spec.input.topic: required');
  });

  it('a body that is not a Status is shown by its first line, with the code\'s reason', () => {
    expect(statusFromBody(503, 'service unavailable\nmore')).toMatchObject({ code: 503, reason: 'ServiceUnavailable', message: 'service unavailable' });
    expect(statusFromBody(502, '')).toMatchObject({ message: 'the server answered HTTP 502' });
    expect(statusFromBody(404, '{"kind":"Other"}').message).toBe('{"kind":"Other"}');
  });
});
