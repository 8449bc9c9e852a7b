// Reads YAML files for `ark run` and `ark validate`: every document is validated with the
// same rules as the admission webhooks, and each problem is reported as file:line, in
// file order. Objects a local run does not use are skipped with one warning each.
import { API_VERSION, isUnservedKind, LEGACY_TEAM_KIND, type ArkDocument, type KindName } from '../api/index.js';
import { convertArkFlow } from '../core/compat/arkflow.js';
import { formatIssueAt, MAX_YAML_BYTES, parseYamlDocuments, sizeIssue, type YamlDocument } from '../core/documents.js';
import { formatIssue, type FieldIssue } from '../core/issues.js';
import { describeValue, validateDocument } from '../core/validate/index.js';
import { parseMockResponses } from '../providers/index.js';
import { FileProblem, readTextFile } from './fs-errors.js';

export interface Located<T> {
  value: T;
  file: string;
  line: number | undefined;
  /** The line of a field path of the object (e.g. `spec.roles[2].mcpServers[0].url`), when known. */
  lineOf?: (path: string) => number | undefined;
}

/** Core kinds a local run can read prompts from. */
export interface CoreObject {
  kind: 'ConfigMap' | 'Secret';
  name: string;
  data: Record<string, string>;
}

export interface Bundle {
  teams: Located<ArkDocument<'ArkTeam'>>[];
  agents: Located<ArkDocument<'ArkAgent'>>[];
  others: Located<ArkDocument<KindName>>[];
  coreObjects: CoreObject[];
  /** Mock-responses files recognised among the arguments (checked, not run). */
  mockFiles: string[];
  errors: string[];
  warnings: string[];
  /** Errors and warnings together, in file order: what a command prints. */
  lines: string[];
}

export type Reader = 'run' | 'validate';

export function emptyBundle(): Bundle {
  return { teams: [], agents: [], others: [], coreObjects: [], mockFiles: [], errors: [], warnings: [], lines: [] };
}

export async function loadBundle(files: string[], reader: Reader = 'run'): Promise<Bundle> {
  const bundle = emptyBundle();
  for (const file of files) {
    let text: string;
    try {
      text = await readTextFile('', file, MAX_YAML_BYTES, (bytes) => formatIssue({ path: '', severity: 'error', ...sizeIssue(bytes) }));
    } catch (error) {
      if (!(error instanceof FileProblem)) throw error;
      addLine(bundle, 'error', error.line);
      continue;
    }
    addFile(bundle, file, text, reader);
  }
  return bundle;
}

interface Diagnostic { line: number; severity: FieldIssue['severity']; text: string }

function addFile(bundle: Bundle, file: string, text: string, reader: Reader): void {
  const parsed = parseYamlDocuments(text, file);
  const found: Diagnostic[] = parsed.issues.map((issue) => diagnostic(file, issue.line, issue));
  if (parsed.documents.length === 0 && !parsed.issues.some((issue) => issue.severity === 'error')) {
    found.push({ line: 0, severity: 'error', text: `${file}: no YAML documents; fix: add an ArkTeam (see \`ark init\`)` });
  }
  for (const doc of parsed.documents) found.push(...addDocument(bundle, file, doc, reader));
  found.sort((a, b) => a.line - b.line);
  for (const item of found) addLine(bundle, item.severity, item.text);
}

function addDocument(bundle: Bundle, file: string, doc: YamlDocument, reader: Reader): Diagnostic[] {
  const value = doc.value as Record<string, unknown> | null;
  const at = (severity: Diagnostic['severity'], message: string, fix?: string): Diagnostic[] =>
    [diagnostic(file, doc.line, { path: '', message, severity, ...(fix === undefined ? {} : { fix }) })];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return at('error', `expected a Kubernetes object (a mapping with apiVersion and kind), got ${describeValue(value)}`,
      'write the object as `apiVersion: arkonis.dev/v1alpha1`, `kind: ArkTeam`, metadata and spec (see `ark init`)');
  }
  if (isMockResponses(value)) return mockFile(bundle, file, doc, reader);
  if (typeof value.kind !== 'string' || typeof value.apiVersion !== 'string') {
    const missing = typeof value.kind !== 'string' ? 'kind' : 'apiVersion';
    return at('error', `not a Kubernetes object: ${missing} is missing`, `add ${missing} (e.g. apiVersion: ${API_VERSION}, kind: ArkTeam)`);
  }
  const core = coreObject(value);
  if (core) { bundle.coreObjects.push(core); return []; }
  const name = JSON.stringify(String((value.metadata as { name?: unknown } | undefined)?.name ?? ''));
  if (!value.apiVersion.startsWith('arkonis.dev/')) {
    return at('warning', `${value.kind} ${name} (${value.apiVersion}) is not an ARKONIS object; skipped`);
  }
  if (isUnservedKind(value.kind)) {
    return at('warning', reader === 'run' ? `${value.kind} ${name} is not run by ark run; skipped` : `${value.kind} ${name} has no rules in this version; skipped`);
  }
  if (value.kind === LEGACY_TEAM_KIND) return legacyFlow(bundle, file, doc, value, name);
  return validated(bundle, file, doc, value, (path) => path);
}

/** ArkFlow → ArkTeam, reported with the ArkFlow's paths. */
function legacyFlow(bundle: Bundle, file: string, doc: YamlDocument, value: Record<string, unknown>, name: string): Diagnostic[] {
  const converted = convertArkFlow(value);
  const warning = diagnostic(file, doc.line, {
    path: 'kind', severity: 'warning',
    message: `${LEGACY_TEAM_KIND} ${name} is deprecated; read as an ArkTeam (steps → roles + pipeline, .pipeline.input → .input)`,
    fix: 'rename the kind to ArkTeam and move steps to roles and pipeline',
  });
  return [warning, ...validated(bundle, file, doc, converted.team, converted.originalPath)];
}

function validated(bundle: Bundle, file: string, doc: YamlDocument, value: unknown, pathInFile: (path: string) => string): Diagnostic[] {
  const result = validateDocument(value);
  const found = result.issues.map((issue) => {
    const path = pathInFile(issue.path);
    return diagnostic(file, doc.lineOf(path), { ...issue, path });
  });
  if (!result.ok || !result.kind || !result.value) return found;
  const located = { value: result.value, file, line: doc.line, lineOf: (path: string) => doc.lineOf(pathInFile(path)) };
  if (result.kind === 'ArkTeam') bundle.teams.push(located as Located<ArkDocument<'ArkTeam'>>);
  else if (result.kind === 'ArkAgent') bundle.agents.push(located as Located<ArkDocument<'ArkAgent'>>);
  else bundle.others.push(located as Located<ArkDocument<KindName>>);
  return found;
}

/** A `responses:` file for --mock-responses (examples keep one beside their team). */
function isMockResponses(value: Record<string, unknown>): boolean {
  return value.kind === undefined && value.apiVersion === undefined && Array.isArray(value.responses);
}

function mockFile(bundle: Bundle, file: string, doc: YamlDocument, reader: Reader): Diagnostic[] {
  try {
    parseMockResponses(JSON.stringify(doc.value), file);
  } catch (error) {
    return [{ line: doc.line, severity: 'error', text: `${(error as Error).message}; fix: see the format in README.md (The mock provider)` }];
  }
  bundle.mockFiles.push(file);
  if (reader === 'validate') return [];
  return [diagnostic(file, doc.line, {
    path: '', severity: 'warning', message: 'mock responses, not a Kubernetes object; skipped', fix: `pass it as --mock-responses ${file}`,
  })];
}

function diagnostic(file: string, line: number | undefined, issue: FieldIssue): Diagnostic {
  const text = formatIssueAt(file, line, issue);
  return { line: line ?? 0, severity: issue.severity, text: issue.severity === 'warning' ? text.replace(/^([^:]+(?::\d+)?): /, '$1: warning: ') : text };
}

function addLine(bundle: Bundle, severity: FieldIssue['severity'], text: string): void {
  (severity === 'warning' ? bundle.warnings : bundle.errors).push(text);
  bundle.lines.push(text);
}

function coreObject(value: Record<string, unknown>): CoreObject | undefined {
  const doc = value as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown }; data?: unknown; stringData?: unknown };
  if (doc.apiVersion !== 'v1' || (doc.kind !== 'ConfigMap' && doc.kind !== 'Secret')) return undefined;
  const data: Record<string, string> = {};
  for (const [key, raw] of Object.entries((doc.data ?? {}) as Record<string, unknown>)) {
    data[key] = doc.kind === 'Secret' ? Buffer.from(String(raw), 'base64').toString('utf8') : String(raw);
  }
  Object.assign(data, doc.stringData ?? {});
  return { kind: doc.kind, name: String(doc.metadata?.name ?? ''), data };
}
