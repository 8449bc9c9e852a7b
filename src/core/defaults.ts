// Defaulting, as the mutating webhook writes it out: zod schema defaults (already applied by
// parsing), the ArkAgent defaults for every inline team role, the systemPromptRef key, and
// the team label on runs. Default values live only in src/api; nothing is restated here.
// jsonPatch turns a request object into its defaulted form for the mutating webhook.
import { arkAgentSpec, DEFAULT_PROMPT_KEY, roleAgentFields } from '../api/index.js';
import type { ArkAgentSpec, ArkTeamSpec, TeamRole } from '../api/index.js';
import type { AnyArkDocument } from './validate/schema.js';
import { jsonEqual } from './json-equal.js';

export const TEAM_LABEL = 'arkonis.dev/team';

type PromptRef = TeamRole['systemPromptRef'];

/** The fully defaulted document; the input is a schema-parsed document and is not modified. */
export function applyDefaults<D extends AnyArkDocument>(doc: D): D {
  // dropUndefined copies every object and array, so withDefaults may share what it keeps.
  return dropUndefined(withDefaults(doc)) as D;
}

/** The document with its defaults, sharing unchanged parts with `doc`, never writing to it. */
function withDefaults(doc: AnyArkDocument): AnyArkDocument {
  switch (doc.kind) {
    case 'ArkAgent':
      return { ...doc, spec: { ...doc.spec, systemPromptRef: withPromptKey(doc.spec.systemPromptRef) } };
    case 'ArkTeam':
      return { ...doc, spec: defaultTeamSpec(doc.spec) };
    case 'ArkRun': {
      const { teamSpec } = doc.spec;
      return {
        ...doc,
        metadata: { ...doc.metadata, labels: { ...doc.metadata.labels, [TEAM_LABEL]: doc.spec.teamRef.name } },
        spec: teamSpec === undefined ? doc.spec : { ...doc.spec, teamSpec: defaultTeamSpec(teamSpec) },
      };
    }
    default:
      return doc;
  }
}

/** A team spec whose inline roles carry every ArkAgent default. */
export function defaultTeamSpec(spec: ArkTeamSpec): ArkTeamSpec {
  return { ...spec, roles: spec.roles.map(defaultRole) };
}

function defaultRole(role: TeamRole): TeamRole {
  const agent = inlineAgentSpec(role);
  // An inline role that is not a valid agent is reported by validation; leave it as written.
  return agent === undefined ? role : { ...role, ...agent };
}

/**
 * The ArkAgent an inline role stands for, every default applied; undefined for a role that
 * references an agent or a team, or whose fields are not a valid agent.
 */
export function inlineAgentSpec(role: TeamRole): ArkAgentSpec | undefined {
  if (role.model === undefined) return undefined;
  // Exactly the agent fields of the role (roleAgentFields is the split, declared in src/api).
  const agentFields = Object.fromEntries(Object.keys(roleAgentFields).flatMap((key) =>
    (role as Record<string, unknown>)[key] === undefined ? [] : [[key, (role as Record<string, unknown>)[key]]]));
  const parsed = arkAgentSpec.safeParse(agentFields);
  if (!parsed.success) return undefined;
  return { ...parsed.data, systemPromptRef: withPromptKey(parsed.data.systemPromptRef) };
}

function withPromptKey(ref: PromptRef): PromptRef {
  if (ref === undefined) return undefined;
  const withKey = <S extends { name: string; key?: string | undefined }>(source: S | undefined) =>
    source === undefined ? undefined : { ...source, key: source.key ?? DEFAULT_PROMPT_KEY };
  return { ...ref, configMapKeyRef: withKey(ref.configMapKeyRef), secretKeyRef: withKey(ref.secretKeyRef) };
}

/** Removes keys whose value is undefined, so the result is plain JSON. */
function dropUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropUndefined);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, dropUndefined(v)]));
}

// RFC 6902 JSON Patch from an admission request object to its defaulted form. Only `add`
// and `replace` are emitted: fields of the original that the defaulted object lacks (fields
// we do not model) are left alone, so they survive the mutating webhook.

export type JsonPatchOperation =
  | { op: 'add'; path: string; value: unknown }
  | { op: 'replace'; path: string; value: unknown };

/** Operations that turn `original` into `defaulted`, keeping fields only `original` has. */
export function jsonPatch(original: unknown, defaulted: unknown): JsonPatchOperation[] {
  const ops: JsonPatchOperation[] = [];
  diff(original, defaulted, '', ops);
  return ops;
}

/** `~` → `~0` and `/` → `~1`, as RFC 6901 requires for a reference token. */
export function escapePointerToken(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}

function diff(before: unknown, after: unknown, pointer: string, ops: JsonPatchOperation[]): void {
  if (isPlainObject(before) && isPlainObject(after)) {
    for (const [key, value] of Object.entries(after)) {
      const child = `${pointer}/${escapePointerToken(key)}`;
      if (Object.hasOwn(before, key)) diff(before[key], value, child, ops);
      else ops.push({ op: 'add', path: child, value });
    }
    return;
  }
  // Defaulting never adds or removes list items, so equal lengths are walked item by item
  // (keeping unknown fields inside items); anything else is replaced whole.
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    after.forEach((value, index) => diff(before[index], value, `${pointer}/${index}`, ops));
    return;
  }
  if (!jsonEqual(before, after)) ops.push({ op: 'replace', path: pointer, value: after });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
