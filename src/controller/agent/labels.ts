// The labels and names contract C1 fixes for the objects the ArkAgent controller writes.
export const AGENT_LABEL = 'arkonis.dev/agent';
export const TEAM_LABEL = 'arkonis.dev/team';
export const ROLE_LABEL = 'arkonis.dev/role';
export const OBJECTS_DIR = '/etc/arkonis/objects';
export const AGENT_PORT = 8080;

/** The pod selector of an agent's Deployment (and its ArkService's Service). */
export function agentSelector(agent: string): Record<string, string> {
  return { [AGENT_LABEL]: agent };
}

/** status.selector for the scale subresource: the selector as a label-selector string. */
export function selectorString(agent: string): string {
  return `${AGENT_LABEL}=${agent}`;
}

/** Every label of an agent's pods and Deployment; team and role only for a team role's agent. */
export function agentLabels(agent: string, team?: { name: string; role: string }): Record<string, string> {
  return {
    'app.kubernetes.io/name': 'ark-agent',
    'app.kubernetes.io/managed-by': 'arkonis',
    ...agentSelector(agent),
    ...(team ? { [TEAM_LABEL]: team.name, [ROLE_LABEL]: team.role } : {}),
  };
}
