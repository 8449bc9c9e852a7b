import { describe, expect, it } from 'vitest';
import { ownedNameIssues } from './names.js';

const roles = (...names: string[]) => ({ roles: names.map((name) => ({ name })) }) as Parameters<typeof ownedNameIssues>[1];

describe('ownedNameIssues', () => {
  it('accepts {team}-{role} of 63 characters and refuses 64, naming the room left', () => {
    expect(ownedNameIssues('t', roles('r'.repeat(61)))).toEqual([]);
    expect(ownedNameIssues('t', roles('r'.repeat(62)))).toEqual([expect.objectContaining({
      path: 'spec.roles[0].name', severity: 'error', fix: 'shorten the role name to at most 61 characters, or the team name',
    })]);
  });

  it('asks for a shorter team name when no role name could fit', () => {
    expect(ownedNameIssues('t'.repeat(63), roles('a'))[0]?.fix).toBe('shorten the team name (metadata.name)');
    expect(ownedNameIssues(undefined, roles('a'.repeat(70)))).toEqual([]);
  });
});
