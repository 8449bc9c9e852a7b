// What an ArkTeam owns: one ArkAgent `{team}-{role}` per inline role (the role's agent
// fields as its spec, team and role labels, the team as controller owner), which of the
// ArkAgents it owns today are no longer wanted, and the team limits and delegates a role's
// agent controller reads (TEAM_MAX_DAILY_TOKENS, CAN_DELEGATE). Pure.
import { GROUP, VERSION } from '../../api/index.js';
import type { ArkTeamSpec, TeamRole } from '../../api/index.js';
import { ROLE_LABEL, TEAM_LABEL } from '../agent/labels.js';

export interface TeamRef {
  namespace: string;
  name: string;
  uid: string;
}

/** An inline role declares its own model; the others reference an ArkAgent or a team. */
export function inlineRoles(spec: ArkTeamSpec): TeamRole[] {
  return spec.roles.filter((role) => role.model !== undefined && role.arkAgent === undefined && role.arkTeam === undefined);
}

export function roleAgentName(team: string, role: string): string {
  return `${team}-${role}`;
}

/** The ArkAgents the team's inline roles need, as server-side apply bodies. */
export function planRoleAgents(team: TeamRef, spec: ArkTeamSpec): Record<string, unknown>[] {
  return inlineRoles(spec).map((role) => {
    const { name: roleName, arkAgent: _agent, arkTeam: _team, canDelegate: _delegates, ...agentSpec } = role;
    return {
      apiVersion: `${GROUP}/${VERSION}`, kind: 'ArkAgent',
      metadata: {
        name: roleAgentName(team.name, roleName), namespace: team.namespace,
        labels: { [TEAM_LABEL]: team.name, [ROLE_LABEL]: roleName },
        ownerReferences: [{ apiVersion: `${GROUP}/${VERSION}`, kind: 'ArkTeam', name: team.name, uid: team.uid, controller: true, blockOwnerDeletion: true }],
      },
      spec: agentSpec,
    };
  });
}

/** Owned ArkAgents (by team label) that no inline role wants any more; an agent an `arkAgent` role references is never one. */
export function extraRoleAgents(team: string, spec: ArkTeamSpec, owned: readonly string[]): string[] {
  const referenced = spec.roles.flatMap((role) => (role.arkAgent !== undefined ? [role.arkAgent] : []));
  const wanted = new Set([...inlineRoles(spec).map((role) => roleAgentName(team, role.name)), ...referenced]);
  return owned.filter((name) => !wanted.has(name)).sort();
}

/** The team-wide limit and the delegates of one role, for the role agent's env. */
export function teamRoleEnv(spec: ArkTeamSpec, role: string): { maxDailyTokens?: number; canDelegate?: string[] } {
  const found = spec.roles.find((entry) => entry.name === role);
  return {
    ...(spec.limits?.maxDailyTokens !== undefined ? { maxDailyTokens: spec.limits.maxDailyTokens } : {}),
    ...(found?.canDelegate !== undefined ? { canDelegate: found.canDelegate } : {}),
  };
}
