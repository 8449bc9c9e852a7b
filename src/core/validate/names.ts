// Names derived from a team's: every role gets an ArkAgent (and a queue) named
// `{team}-{role}`, which must itself be a DNS label.
import { MAX_DNS_LABEL } from '../../api/index.js';
import type { ArkTeamSpec } from '../../api/index.js';
import { fieldError, formatPath } from '../issues.js';
import type { FieldIssue } from '../issues.js';

export function ownedNameIssues(teamName: string | undefined, spec: Pick<ArkTeamSpec, 'roles'>): FieldIssue[] {
  if (teamName === undefined) return [];
  return spec.roles.flatMap((role, index) => {
    if (teamName.length + 1 + role.name.length <= MAX_DNS_LABEL) return [];
    const owned = `${teamName}-${role.name}`;
    const room = MAX_DNS_LABEL - teamName.length - 1;
    return [fieldError(formatPath(['spec', 'roles', index, 'name']),
      `the role's ArkAgent "${owned}" would be ${owned.length} characters, over the ${MAX_DNS_LABEL} of a DNS label`,
      room > 0 ? `shorten the role name to at most ${room} characters, or the team name` : 'shorten the team name (metadata.name)')];
  });
}
