import { describe, expect, it } from 'vitest';
import { checkSchema } from './schema.js';
import { document, lines } from './testing.js';

const agent = (spec: Record<string, unknown>) => document('ArkAgent', { model: 'gpt-4o', systemPrompt: 'p', ...spec });

describe('checkSchema', () => {
  it('returns the typed value with zod defaults for a valid document', () => {
    const result = checkSchema(agent({}));
    expect(result.issues).toEqual([]);
    expect(result.kind).toBe('ArkAgent');
    expect(result.value?.spec).toMatchObject({ replicas: 1, limits: { maxTokensPerCall: 8000 } });
  });

  it('rejects things that are not resources', () => {
    expect(lines(checkSchema('text').issues)).toEqual([
      'error: expected a resource with apiVersion, kind, metadata and spec, got string "text"',
    ]);
  });

  it('names the supported kinds for an unknown kind', () => {
    expect(lines(checkSchema({ ...agent({}), kind: 'ArkAgnet' }).issues)).toEqual([
      'error: kind: "ArkAgnet" is not an ARKONIS kind; fix: use one of ArkAgent, ArkTeam, ArkRun, ArkService, ArkBudget (did you mean "ArkAgent"?)',
    ]);
    expect(lines(checkSchema({ apiVersion: 'arkonis.dev/v1alpha1' }).issues)).toEqual([
      'error: kind: required; fix: set kind to one of ArkAgent, ArkTeam, ArkRun, ArkService, ArkBudget',
    ]);
  });

  it('rejects another apiVersion', () => {
    expect(lines(checkSchema({ ...agent({}), apiVersion: 'arkonis.dev/v1' }).issues)).toEqual([
      'error: apiVersion: string "arkonis.dev/v1" is not supported; fix: use arkonis.dev/v1alpha1',
    ]);
  });

  it('explains a missing required field with the field description', () => {
    expect(lines(checkSchema(document('ArkAgent', { systemPrompt: 'p' })).issues)).toEqual([
      'error: spec.model: required; fix: set model: model id, e.g. gpt-4o, claude-sonnet-4-20250514, llama3.2',
    ]);
  });

  it('names the given value for enum and type errors', () => {
    const service = document('ArkService', { selector: { arkAgent: 'a' }, routing: { strategy: 'fastest' }, ports: [{ protocol: 'HTTP', port: '3' }] });
    expect(lines(checkSchema(service).issues)).toEqual([
      'error: spec.routing.strategy: "fastest" is not one of round-robin, least-busy, random',
      'error: spec.ports[0].port: expected integer, got string "3"; fix: write 3 without quotes',
    ]);
    expect(lines(checkSchema(document('ArkService', { selector: { arkAgent: 'a' }, routing: { strategy: 'least-bussy' } })).issues))
      .toEqual(['error: spec.routing.strategy: "least-bussy" is not one of round-robin, least-busy, random; fix: use "least-busy"']);
  });

  it('reports ranges, formats and patterns', () => {
    expect(lines(checkSchema(agent({ replicas: 60, limits: { maxTokensPerCall: 0 } })).issues)).toEqual([
      'error: spec.replicas: 60 exceeds the maximum 50; fix: set spec.replicas to 50 or less',
      'error: spec.limits.maxTokensPerCall: 0 is below the minimum 1; fix: set spec.limits.maxTokensPerCall to 1 or more',
    ]);
    expect(lines(checkSchema(agent({ replicas: 1.5 })).issues)).toEqual(['error: spec.replicas: expected integer, got number 1.5; fix: write a whole number such as 2']);
    expect(lines(checkSchema(agent({ tools: [{ name: 'bad name', url: 'nope' }] })).issues)).toEqual([
      'error: spec.tools[0].name: string "bad name" is invalid; fix: use letters, digits, "_" and "-" only',
      'error: spec.tools[0].url: string "nope" is not a valid URL; fix: write an absolute URL such as http://host:8080/path',
    ]);
    const team = document('ArkTeam', { roles: [] });
    expect(lines(checkSchema(team).issues)).toEqual(['error: spec.roles: needs at least 1 item; fix: add an item']);
  });

  it('names the accepted types of a union', () => {
    const team = document('ArkTeam', { roles: [{ name: 'a', model: 'm' }], entry: 'a', pipeline: [{ role: 'a', outputSchema: 5 }] });
    expect(lines(checkSchema(team).issues)).toEqual(['error: spec.pipeline[0].outputSchema: expected string or object, got number 5; fix: write a string or an object']);
  });

  it('treats unknown fields as warnings, strips them and still returns the value', () => {
    const result = checkSchema(document('ArkTeam', {
      roles: [{ name: 'a', model: 'm', systemPrompt: 'p', systemPromt: 'x' }],
      pipeline: [{ role: 'a', inputz: {} }],
      futureField: 1,
    }));
    expect(lines(result.issues)).toEqual([
      'warning: spec.roles[0].systemPromt: unknown field "systemPromt" ignored; fix: did you mean "systemPrompt"? rename it',
      'warning: spec.pipeline[0].inputz: unknown field "inputz" ignored; fix: did you mean "inputs"? rename it',
      'warning: spec.futureField: unknown field "futureField" ignored; fix: remove it, or check its spelling',
    ]);
    expect(result.value?.spec).not.toHaveProperty('futureField');
    expect(result.value?.kind === 'ArkTeam' && result.value.spec.successfulRunsHistoryLimit).toBe(10);
  });

  it('strips unknown fields at any depth without touching its input', () => {
    const input = document('ArkTeam', {
      roles: [
        { name: 'a', model: 'm', systemPrompt: 'p', colour: 'blue', limits: { timeoutSeconds: 5, speed: 'fast' } },
        { name: 'b', model: 'm', systemPrompt: 'q' },
        { name: 'c', model: 'm', systemPrompt: 'r', colour: 'red' },
      ],
      pipeline: [{ role: 'a' }, { role: 'b' }, { role: 'c' }],
    });
    const before = structuredClone(input);
    const result = checkSchema(input);
    expect(lines(result.issues)).toEqual([
      'warning: spec.roles[0].limits.speed: unknown field "speed" ignored; fix: remove it, or check its spelling',
      'warning: spec.roles[0].colour: unknown field "colour" ignored; fix: remove it, or check its spelling',
      'warning: spec.roles[2].colour: unknown field "colour" ignored; fix: remove it, or check its spelling',
    ]);
    expect(input).toEqual(before);
    const roles = result.value?.kind === 'ArkTeam' ? result.value.spec.roles : [];
    expect(roles).toEqual([
      { name: 'a', model: 'm', systemPrompt: 'p', limits: { timeoutSeconds: 5, maxTokensPerCall: 8000, maxConcurrentTasks: 5 } },
      { name: 'b', model: 'm', systemPrompt: 'q' },
      { name: 'c', model: 'm', systemPrompt: 'r' },
    ]);
  });

  it('makes unknown fields errors in strict mode', () => {
    const result = checkSchema(agent({ promt: 'x' }), { strict: true });
    expect(lines(result.issues)).toEqual(['error: spec.promt: unknown field "promt"; fix: remove it (strict mode)']);
    expect(result.value).toBeUndefined();
  });

  it('reports unknown fields next to real errors', () => {
    const result = checkSchema(document('ArkAgent', { extra: 1 }));
    expect(lines(result.issues)).toEqual([
      'error: spec.model: required; fix: set model: model id, e.g. gpt-4o, claude-sonnet-4-20250514, llama3.2',
      'warning: spec.extra: unknown field "extra" ignored; fix: remove it, or check its spelling',
    ]);
  });
});
