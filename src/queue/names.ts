// Every queue and stream name is built here (and only here).

/** A team role's queue: `<namespace>.<team>.<role>` (teams are isolated from each other). */
export function teamRoleQueue(namespace: string, team: string, role: string): string {
  return `${namespace}.${team}.${role}`;
}

