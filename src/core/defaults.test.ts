import { describe, expect, it } from 'vitest';
import { applyDefaults, escapePointerToken, jsonPatch, TEAM_LABEL, writeDefaults } from './defaults.js';
import type { JsonPatchOperation } from './defaults.js';
import { checkSchema } from './validate/schema.js';
import type { AnyArkDocument } from './validate/schema.js';
import { document } from './validate/testing.js';

function parsed(doc: unknown): AnyArkDocument {
  const result = checkSchema(doc);
  if (result.value === undefined) throw new Error(`test document is invalid: ${JSON.stringify(result.issues)}`);
  return result.value;
}

/** A minimal RFC 6902 applier for add/replace, enough to check the patches round-trip. */
function applyPatch(target: unknown, ops: readonly JsonPatchOperation[]): unknown {
  let root = structuredClone(target);
  for (const op of ops) {
    if (op.path === '') {
      root = structuredClone(op.value);
      continue;
    }
    const tokens = op.path.slice(1).split('/').map((t) => t.replaceAll('~1', '/').replaceAll('~0', '~'));
    const last = tokens.pop() ?? '';
    let parent = root as Record<string, unknown>;
    for (const token of tokens) parent = parent[token] as Record<string, unknown>;
    if (op.op === 'replace' && !(last in parent)) throw new Error(`replace of missing ${op.path}`);
    parent[last] = structuredClone(op.value);
  }
  return root;
}

describe('applyDefaults', () => {
  it('writes out every ArkAgent default and the prompt key', () => {
    const agent = applyDefaults(parsed(document('ArkAgent', {
      model: 'gpt-4o',
      systemPromptRef: { configMapKeyRef: { name: 'prompts' } },
      tools: [{ name: 'search', url: 'http://search:8080' }],
      livenessProbe: { type: 'ping' },
    })));
    expect(agent.spec).toEqual({
      model: 'gpt-4o',
      replicas: 1,
      systemPromptRef: { configMapKeyRef: { name: 'prompts', key: 'prompt' } },
      tools: [{ name: 'search', url: 'http://search:8080', method: 'POST' }],
      limits: { maxTokensPerCall: 8000, timeoutSeconds: 120, maxConcurrentTasks: 5 },
      livenessProbe: { type: 'ping', intervalSeconds: 30 },
    });
  });

  it('keeps a key that was given', () => {
    const agent = applyDefaults(parsed(document('ArkAgent', { model: 'm', systemPromptRef: { secretKeyRef: { name: 's', key: 'k' } } })));
    expect(agent.kind === 'ArkAgent' && agent.spec.systemPromptRef).toEqual({ secretKeyRef: { name: 's', key: 'k' } });
  });

  it('gives inline team roles the ArkAgent defaults and leaves reference roles alone', () => {
    const team = applyDefaults(parsed(document('ArkTeam', {
      roles: [
        { name: 'research', model: 'gpt-4o', systemPromptRef: { configMapKeyRef: { name: 'p' } }, limits: { maxTokensPerCall: 1000 } },
        { name: 'shared', arkAgent: 'shared-writer' },
      ],
      pipeline: [{ role: 'research' }, { role: 'shared' }],
    })));
    expect(team.spec).toEqual({
      roles: [
        {
          name: 'research', model: 'gpt-4o', replicas: 1,
          systemPromptRef: { configMapKeyRef: { name: 'p', key: 'prompt' } },
          limits: { maxTokensPerCall: 1000, timeoutSeconds: 120, maxConcurrentTasks: 5 },
        },
        { name: 'shared', arkAgent: 'shared-writer' },
      ],
      pipeline: [{ role: 'research' }, { role: 'shared' }],
      successfulRunsHistoryLimit: 10,
      failedRunsHistoryLimit: 5,
    });
  });

  it('defaults services and budgets', () => {
    expect(applyDefaults(parsed(document('ArkService', { selector: { arkAgent: 'a' } }))).spec)
      .toEqual({ selector: { arkAgent: 'a' }, routing: { strategy: 'round-robin' } });
    expect(applyDefaults(parsed(document('ArkBudget', { maxTokens: 1000 }))).spec).toEqual({ maxTokens: 1000, period: 'daily' });
  });

  it('labels runs with their team and defaults a snapshotted team spec', () => {
    const run = applyDefaults(parsed(document('ArkRun', {
      teamRef: { name: 'research-team' },
      teamSpec: { roles: [{ name: 'a', model: 'm', systemPrompt: 'p' }], entry: 'a' },
    }, { name: 'r1', labels: { keep: 'me' } })));
    expect(run.metadata.labels).toEqual({ keep: 'me', [TEAM_LABEL]: 'research-team' });
    expect(run.kind === 'ArkRun' && run.spec.teamSpec?.roles[0]?.replicas).toBe(1);
  });

  it('does not modify its input', () => {
    const input = parsed(document('ArkRun', { teamRef: { name: 't' } }));
    applyDefaults(input);
    expect(input.metadata.labels).toBeUndefined();
  });

  it('shares no object with its input, so neither can change the other', () => {
    const inputs = [
      parsed(document('ArkAgent', { model: 'm', systemPromptRef: { configMapKeyRef: { name: 'c' } } })),
      parsed(document('ArkTeam', { roles: [{ name: 'a', model: 'm', systemPrompt: 'p', limits: { timeoutSeconds: 5 } }], entry: 'a' })),
      parsed(document('ArkRun', { teamRef: { name: 't' }, teamSpec: { roles: [{ name: 'a', model: 'm', systemPrompt: 'p' }], entry: 'a' } }, { name: 'r', labels: { keep: 'me' } })),
    ];
    for (const input of inputs) {
      const before = structuredClone(input);
      const seen = new Set<unknown>();
      const collect = (value: unknown): void => {
        if (typeof value !== 'object' || value === null) return;
        seen.add(value);
        Object.values(value).forEach(collect);
      };
      collect(input);
      const output = applyDefaults(input);
      expect(input).toEqual(before);
      const shared: unknown[] = [];
      const check = (value: unknown): void => {
        if (typeof value !== 'object' || value === null) return;
        if (seen.has(value)) shared.push(value);
        Object.values(value).forEach(check);
      };
      check(output);
      expect(shared).toEqual([]);
    }
  });
});

describe('writeDefaults', () => {
  const documents = (): AnyArkDocument[] => [
    parsed(document('ArkAgent', { model: 'm', systemPromptRef: { secretKeyRef: { name: 's' } }, tools: [{ name: 't', url: 'http://t:1' }] })),
    parsed(document('ArkTeam', {
      roles: [
        { name: 'a', model: 'm', systemPromptRef: { configMapKeyRef: { name: 'c' } }, limits: { timeoutSeconds: 5 } },
        { name: 'b', arkAgent: 'shared' },
        { name: 'c', model: 'm', replicas: 3, tools: [{ name: 't', url: 'http://t:1', method: 'GET' }] },
      ],
      pipeline: [{ role: 'a' }, { role: 'b' }],
    })),
    parsed(document('ArkRun', { teamRef: { name: 't' }, teamSpec: { roles: [{ name: 'a', model: 'm', systemPrompt: 'p' }], entry: 'a' } })),
  ];

  it('writes into the document exactly what applyDefaults copies out, and no undefined field', () => {
    for (const doc of documents()) {
      const expected = applyDefaults(doc);
      const written = writeDefaults(doc);
      expect(written).toBe(doc);
      expect(written).toStrictEqual(expected);
      expect(JSON.parse(JSON.stringify(written))).toStrictEqual(written);
    }
  });

});

describe('jsonPatch', () => {
  it('turns the request object into the defaulted one and keeps unknown fields', () => {
    const original = {
      ...document('ArkTeam', {
        roles: [{ name: 'a', model: 'm', systemPrompt: 'p', futureField: { x: 1 } }],
        entry: 'a',
        unmodelled: true,
      }, { name: 't', annotations: { 'example.com/a~b': 'v' } }),
      extraTopLevel: 'kept',
    };
    const defaulted = applyDefaults(parsed(original));
    const patch = jsonPatch(original, defaulted);
    expect(patch.every((op) => op.op === 'add' || op.op === 'replace')).toBe(true);
    const patched = applyPatch(original, patch) as { extraTopLevel: string; spec: { unmodelled: boolean; roles: { futureField?: unknown }[] } };
    expect(patched).toMatchObject(defaulted as object);
    expect(patched.extraTopLevel).toBe('kept');
    expect(patched.spec.unmodelled).toBe(true);
    expect(patched.spec.roles[0]?.futureField).toEqual({ x: 1 });
    expect(patch).toContainEqual({ op: 'add', path: '/spec/roles/0/replicas', value: 1 });
    expect(patch).toContainEqual({ op: 'add', path: '/spec/successfulRunsHistoryLimit', value: 10 });
  });

  it('escapes ~ and / in keys (RFC 6901)', () => {
    expect(escapePointerToken('arkonis.dev/team~x')).toBe('arkonis.dev~1team~0x');
    const original = document('ArkRun', { teamRef: { name: 't' } }, { name: 'r', labels: { a: 'b' } });
    const patch = jsonPatch(original, applyDefaults(parsed(original)));
    expect(patch).toEqual([{ op: 'add', path: '/metadata/labels/arkonis.dev~1team', value: 't' }]);
    expect(applyPatch(original, patch)).toMatchObject({ metadata: { labels: { a: 'b', 'arkonis.dev/team': 't' } } });
  });

  it('replaces changed scalars and whole lists whose length changed', () => {
    expect(jsonPatch({ a: 1, b: [1] }, { a: 2, b: [1, 2] })).toEqual([
      { op: 'replace', path: '/a', value: 2 },
      { op: 'replace', path: '/b', value: [1, 2] },
    ]);
    expect(jsonPatch({ a: { b: 1 } }, { a: { b: 1 } })).toEqual([]);
  });
});
