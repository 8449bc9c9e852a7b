import { describe, expect, it } from 'vitest';
import { INLINE_ONLY_FIELDS, roleKind, validateTeamSpec } from './team.js';
import { lines, teamSpec } from './testing.js';
import type { ArkTeamSpecInput } from '../../api/index.js';

const check = (change: (spec: ArkTeamSpecInput) => void) => lines(validateTeamSpec(teamSpec(change)));

describe('roles', () => {
  it('accepts the base team', () => {
    expect(check(() => undefined)).toEqual([]);
  });

  it('rejects duplicate role names', () => {
    expect(check((s) => s.roles.push({ name: 'write', arkAgent: 'w' }))).toEqual([
      'error: spec.roles[2].name: duplicate name "write" (also roles[1]); fix: give each entry a unique name',
    ]);
  });

  it('wants exactly one of model, arkAgent, arkTeam', () => {
    expect(check((s) => s.roles.push({ name: 'x' }))).toEqual([
      'error: spec.roles[2]: role "x" sets none of model, arkAgent, arkTeam; fix: set exactly one of model (inline role), arkAgent or arkTeam',
    ]);
    expect(check((s) => s.roles.push({ name: 'x', arkAgent: 'a', arkTeam: 't' }))).toEqual([
      'error: spec.roles[2].arkTeam: role "x" sets arkAgent and arkTeam; fix: set exactly one of model (inline role), arkAgent or arkTeam',
    ]);
    expect(roleKind({ name: 'x', arkTeam: 't' })).toBe('arkTeam');
  });

  it('rejects inline-only fields on reference roles', () => {
    expect(INLINE_ONLY_FIELDS).toEqual(expect.arrayContaining(['systemPrompt', 'tools', 'limits', 'replicas', 'envFrom']));
    expect(check((s) => s.roles.push({ name: 'x', arkAgent: 'shared', systemPrompt: 'p', replicas: 2 }))).toEqual([
      'error: spec.roles[2].systemPrompt: systemPrompt applies only to inline roles; this role uses arkAgent "shared"; fix: remove it here and set it on the ArkAgent shared',
      'error: spec.roles[2].replicas: replicas applies only to inline roles; this role uses arkAgent "shared"; fix: remove it here and set it on the ArkAgent shared',
    ]);
    expect(check((s) => s.roles.push({ name: 'x', arkTeam: 'other', limits: {} }))).toEqual([
      'error: spec.roles[2].limits: limits applies only to inline roles; this role uses arkTeam "other"; fix: remove it',
    ]);
  });

  it('applies the agent rules to inline roles under their path', () => {
    expect(check((s) => {
      s.roles[1] = { name: 'write', model: 'gpt-4o', systemPrompt: 'p', tools: [{ name: 't', url: 'http://169.254.169.254/' }] };
    })).toEqual([
      'error: spec.roles[1].tools[0].url: "http://169.254.169.254/" is not allowed: 169.254.169.254 is a link-local address (169.254.0.0/16, cloud metadata); fix: point it at a routable service address',
    ]);
    expect(check((s) => { s.roles[0] = { name: 'research', model: 'gpt-4o' }; })).toEqual([
      'warning: spec.roles[0].systemPrompt: no system prompt: the role runs on its step inputs alone; fix: set systemPrompt, or systemPromptRef to a ConfigMap or Secret key',
    ]);
  });
});

describe('modes and delegation', () => {
  const dynamic = (s: ArkTeamSpecInput) => {
    delete s.pipeline;
    s.entry = 'research';
    s.roles[0] = { ...s.roles[0], name: 'research', canDelegate: ['write'] };
  };

  it('needs a pipeline or an entry', () => {
    expect(check((s) => { delete s.pipeline; })).toEqual([
      'error: spec: the team has neither a pipeline nor an entry role; fix: add spec.pipeline steps, or set spec.entry to the role that receives the task',
    ]);
    expect(check(dynamic)).toEqual([]);
  });

  it('checks that entry names a role', () => {
    expect(check((s) => { dynamic(s); s.entry = 'reserch'; })).toEqual([
      'error: spec.entry: unknown role "reserch"; fix: use one of research, write (did you mean "research"?)',
    ]);
  });

  it('warns when the entry role cannot delegate', () => {
    expect(check((s) => { s.entry = 'write'; })).toEqual([
      'warning: spec.entry: entry role "write" has no canDelegate, so it cannot hand work to other roles; fix: list the roles it may delegate to in spec.roles[1].canDelegate',
    ]);
  });

  it('checks canDelegate targets', () => {
    expect(check((s) => { dynamic(s); s.roles[0] = { ...s.roles[0], name: 'research', canDelegate: ['research', 'wirte'] }; })).toEqual([
      'error: spec.roles[0].canDelegate[0]: role "research" delegates to itself; fix: remove it from canDelegate',
      'error: spec.roles[0].canDelegate[1]: unknown role "wirte"; fix: use one of write (did you mean "write"?)',
    ]);
  });

  it('reports delegation cycles with their path', () => {
    expect(check((s) => {
      dynamic(s);
      s.roles[1] = { ...s.roles[1], name: 'write', canDelegate: ['edit'] };
      s.roles.push({ name: 'edit', model: 'gpt-4o', systemPrompt: 'p', canDelegate: ['research'] });
    })).toEqual([
      'error: spec.roles[0].canDelegate: delegation cycle: research → write → edit → research; fix: delegation must not lead back to a role; remove one of these canDelegate entries',
    ]);
  });
});

describe('output template', () => {
  it('may read any step and declared inputs', () => {
    expect(check((s) => { s.output = '{{ .steps.write.output }} on {{ .input.topic }}'; })).toEqual([]);
  });

  it('rejects unknown steps and inputs', () => {
    expect(check((s) => { s.output = '{{ .steps.writer.output }}{{ .input.topc }}'; })).toEqual([
      'error: spec.output: line 1, column 4: unknown step "writer"; fix: use one of research, write (did you mean "write"?)',
      'error: spec.output: line 1, column 30: unknown input "topc"; fix: use one of topic (did you mean "topic"?), or declare it in spec.inputs',
    ]);
  });

  it('may read the entry role in dynamic mode', () => {
    expect(check((s) => {
      delete s.pipeline;
      s.entry = 'research';
      s.roles[0] = { ...s.roles[0], name: 'research', canDelegate: ['write'] };
      s.output = '{{ .steps.research.output }}';
    })).toEqual([]);
  });
});

describe('token budgets', () => {
  it('accepts maxTokensPerCall ≤ maxTokens ≤ maxDailyTokens', () => {
    expect(check((s) => {
      s.maxTokens = 20000;
      s.limits = { maxDailyTokens: 100000 };
      s.roles[0] = { ...s.roles[0], name: 'research', limits: { maxTokensPerCall: 4000 } };
    })).toEqual([]);
  });

  it('names the field and both numbers', () => {
    expect(check((s) => {
      s.maxTokens = 5000;
      s.roles[0] = { ...s.roles[0], name: 'research', limits: { maxTokensPerCall: 4000 } };
      s.roles[1] = { ...s.roles[1], name: 'write', limits: { maxTokensPerCall: 9000 } };
    })).toEqual([
      'error: spec.roles[1].limits.maxTokensPerCall: 9000 exceeds spec.maxTokens 5000; fix: set spec.roles[1].limits.maxTokensPerCall to at most 5000 or raise spec.maxTokens',
    ]);
  });

  it('counts the ArkAgent default for roles without limits, and skips reference roles', () => {
    expect(check((s) => {
      s.maxTokens = 5000;
      s.roles[0] = { ...s.roles[0], name: 'research', limits: { maxTokensPerCall: 4000 } };
      s.roles[1] = { name: 'write', arkAgent: 'writer' };
    })).toEqual([]);
    expect(check((s) => {
      s.maxTokens = 5000;
      s.roles[1] = { ...s.roles[1], name: 'write', limits: { maxTokensPerCall: 4000 } };
    })).toEqual([
      'error: spec.roles[0].limits.maxTokensPerCall: 8000 (the default) exceeds spec.maxTokens 5000; fix: set spec.roles[0].limits.maxTokensPerCall to at most 5000 or raise spec.maxTokens',
    ]);
  });

  it('compares run and daily limits, and per-call limits with the daily limit when maxTokens is unset', () => {
    expect(check((s) => {
      s.maxTokens = 50000;
      s.limits = { maxDailyTokens: 10000 };
      s.roles.forEach((role) => { role.limits = { maxTokensPerCall: 1000 }; });
    })).toEqual(['error: spec.maxTokens: 50000 exceeds spec.limits.maxDailyTokens 10000; fix: lower spec.maxTokens to at most 10000 or raise spec.limits.maxDailyTokens']);
    expect(check((s) => {
      s.limits = { maxDailyTokens: 6000 };
      s.roles.forEach((role) => { role.limits = { maxTokensPerCall: 7000 }; });
    })).toEqual([
      'error: spec.roles[0].limits.maxTokensPerCall: 7000 exceeds spec.limits.maxDailyTokens 6000; fix: set spec.roles[0].limits.maxTokensPerCall to at most 6000 or raise spec.limits.maxDailyTokens',
      'error: spec.roles[1].limits.maxTokensPerCall: 7000 exceeds spec.limits.maxDailyTokens 6000; fix: set spec.roles[1].limits.maxTokensPerCall to at most 6000 or raise spec.limits.maxDailyTokens',
    ]);
  });
});

describe('input declarations', () => {
  it('accepts typed defaults', () => {
    expect(check((s) => { s.inputs?.push({ name: 'depth', type: 'integer', default: 2 }, { name: 'tags', type: 'array', default: ['a'] }); })).toEqual([]);
  });

  it('rejects duplicates and defaults of the wrong type, and warns on required with a default', () => {
    expect(check((s) => {
      s.inputs?.push({ name: 'topic' }, { name: 'depth', type: 'integer', default: '3' }, { name: 'x', type: 'boolean', default: 1 },
        { name: 'style', required: true, default: 'short' });
    })).toEqual([
      'error: spec.inputs[1].name: duplicate input "topic" (also spec.inputs[0]); fix: give each input a unique name',
      'error: spec.inputs[2].default: expected integer, got string "3"; fix: write the value without quotes',
      'error: spec.inputs[3].default: expected boolean, got number 1; fix: write a boolean value',
      'warning: spec.inputs[4].required: a required input never uses its default; fix: drop required or the default',
    ]);
  });
});
