// The two admission handlers. Both start from the shared rules (validateDocument, as `ark
// validate` runs them); validating adds the checks that need the cluster, mutating turns
// the defaulted object into a JSON Patch against the object as sent.
import type { ArkDocument } from '../src/api/index.js';
import { checkSchema, fieldWarning, formatIssue, formatPath, hasErrors, jsonPatch, kindRules, validateDocument } from '../src/core/index.js';
import type { AnyArkDocument, FieldIssue } from '../src/core/index.js';
import type { AdmissionDeps, ClusterView } from './cluster.js';
import type { AdmissionAnswer, AdmissionRequest } from './review.js';
import { isBudgetDenial, runCreateIssues, runUpdateIssues, snapshotTeam } from './run.js';

export async function validateHandler(request: AdmissionRequest, deps: AdmissionDeps): Promise<AdmissionAnswer> {
  // validateDocument's issues (schema, then the kind's rules) without its defaulting, which
  // this webhook does not need and which is half the cost of a review.
  const schema = checkSchema(request.object);
  if (schema.value === undefined) return answerFor(schema.issues);
  return answerFor([...schema.issues, ...kindRules(schema.value), ...(await clusterIssues(schema.value, request, deps))]);
}

export async function mutateHandler(request: AdmissionRequest, deps: AdmissionDeps): Promise<AdmissionAnswer> {
  const result = validateDocument(request.object);
  // Denied here too, so kubectl shows our lines rather than the CRD schema's for the same problem.
  if (!result.ok || result.value === undefined) return answerFor(result.issues.filter((issue) => issue.severity === 'error'));
  const defaulted = result.value; // already defaulted, and ours to change
  if (defaulted.kind === 'ArkRun' && request.operation === 'CREATE') await snapshotRun(defaulted, request.namespace, deps.cluster);
  // JSON round trip: no undefined values may reach the patch.
  return { allowed: true, patch: jsonPatch(request.object, JSON.parse(JSON.stringify(defaulted)) as unknown) };
}

async function snapshotRun(run: ArkDocument<'ArkRun'>, namespace: string, cluster: ClusterView): Promise<void> {
  const team = await cluster.team(namespace, run.spec.teamRef.name);
  // A missing or broken team is the validating webhook's denial; nothing to snapshot.
  if (team?.spec !== undefined) snapshotTeam(run, team, team.spec);
}

async function clusterIssues(doc: AnyArkDocument, request: AdmissionRequest, deps: AdmissionDeps): Promise<FieldIssue[]> {
  if (doc.kind === 'ArkTeam') return roleReferenceWarnings(doc, request.namespace, deps.cluster);
  if (doc.kind !== 'ArkRun') return [];
  return request.operation === 'CREATE' ? runCreateIssues(doc, request.namespace, deps) : runUpdateIssues(doc, request.oldObject);
}

/** A role naming an ArkAgent or ArkTeam that does not exist (yet): a warning here, an error when the team runs. */
function roleReferenceWarnings(team: ArkDocument<'ArkTeam'>, namespace: string, cluster: ClusterView): FieldIssue[] {
  return team.spec.roles.flatMap((role, index) => {
    const [kind, name] = role.arkAgent !== undefined ? ['ArkAgent', role.arkAgent] as const : role.arkTeam !== undefined ? ['ArkTeam', role.arkTeam] as const : [];
    if (kind === undefined || cluster.has(kind, namespace, name)) return [];
    const path = formatPath(['spec', 'roles', index, kind === 'ArkAgent' ? 'arkAgent' : 'arkTeam']);
    return [fieldWarning(path, `${kind} "${name}" not found in namespace "${namespace}"`, `create it before running the team`)];
  });
}

/** Errors deny with one line each; warnings travel either way (kubectl prints them). */
export function answerFor(issues: readonly FieldIssue[]): AdmissionAnswer {
  const warnings = issues.filter((issue) => issue.severity === 'warning').map(formatIssue);
  if (!hasErrors(issues)) return { allowed: true, warnings };
  const errors = issues.filter((issue) => issue.severity === 'error');
  const budgetOnly = errors.every(isBudgetDenial);
  return {
    allowed: false,
    message: errors.map(formatIssue).join('\n'),
    code: budgetOnly ? 403 : 422,
    reason: budgetOnly ? 'Forbidden' : 'Invalid',
    warnings,
  };
}
