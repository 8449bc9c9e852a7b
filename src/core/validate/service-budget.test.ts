import { describe, expect, it } from 'vitest';
import { arkBudgetSpec, arkServiceSpec } from '../../api/index.js';
import { validateBudgetSpec } from './budget.js';
import { validateServiceSpec } from './service.js';
import { lines } from './testing.js';

describe('validateServiceSpec', () => {
  const check = (ports: { protocol: 'HTTP' | 'A2A'; port: number }[]) =>
    lines(validateServiceSpec(arkServiceSpec.parse({ selector: { arkAgent: 'a' }, routing: { strategy: 'least-busy' }, ports })));

  it('accepts one port per protocol', () => {
    expect(check([{ protocol: 'HTTP', port: 8080 }, { protocol: 'A2A', port: 9090 }])).toEqual([]);
  });

  it('rejects a port used twice and warns on a repeated protocol', () => {
    expect(check([{ protocol: 'HTTP', port: 8080 }, { protocol: 'A2A', port: 8080 }, { protocol: 'HTTP', port: 8081 }])).toEqual([
      'error: spec.ports[1].port: port 8080 is already used by spec.ports[0]; fix: give each port a unique number',
      'warning: spec.ports[2].protocol: protocol HTTP is already exposed by spec.ports[0]; fix: list each protocol once',
    ]);
  });
});

describe('validateBudgetSpec', () => {
  const check = (selector: Record<string, unknown> | undefined) =>
    lines(validateBudgetSpec(arkBudgetSpec.parse({ maxTokens: 1000, warnAtPercent: 80, selector })));

  it('accepts namespace, team and agent budgets', () => {
    expect(check(undefined)).toEqual([]);
    expect(check({ team: 't' })).toEqual([]);
    expect(check({ agent: 'a', matchLabels: { tier: 'gold' } })).toEqual([]);
  });

  it('rejects a selector naming both a team and an agent', () => {
    expect(check({ team: 't', agent: 'a' })).toEqual([
      'error: spec.selector.agent: selects both team "t" and agent "a"; fix: choose one: a budget per team or a budget per agent',
    ]);
  });
});
