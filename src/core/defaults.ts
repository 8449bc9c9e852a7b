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

/** The fully defaulted document: a copy sharing no object with `doc`, which is not modified. */
export function applyDefaults<D extends AnyArkDocument>(doc: D): D {
  return writeDefaults(plainCopy(doc) as D);
}

/**
 * Writes the defaults into `doc` and returns it, for a document its caller owns, such as a
 * fresh schema parse (validateDocument): a team of 10,000 roles is then not copied again.
 * Only objects the parse built are written to (spec, roles, metadata), never a free-form
 * value the parse may share with its own input. Adds no undefined field.
 */
export function writeDefaults<D extends AnyArkDocument>(doc: D): D {
  switch (doc.kind) {
    case 'ArkAgent':
      if (doc.spec.systemPromptRef !== undefined) doc.spec.systemPromptRef = withPromptKey(doc.spec.systemPromptRef);
      break;
    case 'ArkTeam':
      writeRoleDefaults(doc.spec.roles);
      break;
    case 'ArkRun':
      doc.metadata.labels = { ...doc.metadata.labels, [TEAM_LABEL]: doc.spec.teamRef.name };
      if (doc.spec.teamSpec !== undefined) writeRoleDefaults(doc.spec.teamSpec.roles);
      break;
    default:
      break;
  }
  return doc;
}

/** A team spec whose inline roles carry every ArkAgent default; `spec` is not modified. */
export function defaultTeamSpec(spec: ArkTeamSpec): ArkTeamSpec {
  return { ...spec, roles: spec.roles.map(defaultRole) };
}

function defaultRole(role: TeamRole): TeamRole {
  const agent = inlineAgentSpec(role);
  // An inline role that is not a valid agent is reported by validation; leave it as written.
  return agent === undefined ? role : { ...role, ...agent };
}

/** Each role at once, so the parse of one role's agent fields is garbage before the next. */
function writeRoleDefaults(roles: TeamRole[]): void {
  for (const role of roles) {
    const agent = inlineAgentSpec(role);
    if (agent !== undefined) Object.assign(role, agent);
  }
}

/**
 * The ArkAgent an inline role stands for, every default applied; undefined for a role that
 * references an agent or a team, or whose fields are not a valid agent.
 */
export function inlineAgentSpec(role: TeamRole): ArkAgentSpec | undefined {
  if (role.model === undefined) return undefined;
  // Exactly the agent fields of the role (roleAgentFields is the split, declared in src/api).
  const agentFields: Record<string, unknown> = {};
  for (const key of AGENT_FIELD_NAMES) {
    const value = (role as Record<string, unknown>)[key];
    if (value !== undefined) agentFields[key] = value;
  }
  const parsed = arkAgentSpec.safeParse(agentFields);
  if (!parsed.success) return undefined;
  const ref = parsed.data.systemPromptRef;
  return ref === undefined ? parsed.data : { ...parsed.data, systemPromptRef: withPromptKey(ref) };
}

const AGENT_FIELD_NAMES = Object.keys(roleAgentFields);

/** The reference with the default key on the ConfigMap or Secret it names. */
function withPromptKey(ref: NonNullable<PromptRef>): NonNullable<PromptRef> {
  const withKey = <S extends { name: string; key?: string | undefined }>(source: S): S => ({ ...source, key: source.key ?? DEFAULT_PROMPT_KEY });
  const { configMapKeyRef, secretKeyRef } = ref;
  return {
    ...ref,
    ...(configMapKeyRef === undefined ? {} : { configMapKeyRef: withKey(configMapKeyRef) }),
    ...(secretKeyRef === undefined ? {} : { secretKeyRef: withKey(secretKeyRef) }),
  };
}

/** A deep copy of JSON data without the keys whose value is undefined. */
function plainCopy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item: unknown) => plainCopy(item));
  if (typeof value !== 'object' || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (field === undefined) continue;
    // Assigning `__proto__` would set the prototype; a field of that name stays a field.
    if (key === '__proto__') Object.defineProperty(copy, key, { value: plainCopy(field), enumerable: true, writable: true, configurable: true });
    else copy[key] = plainCopy(field);
  }
  return copy;
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
