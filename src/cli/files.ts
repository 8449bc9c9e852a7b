// Reads YAML files for `ark run` and `ark validate`: every document is validated with the
// same rules as the admission webhooks, and each problem is reported as file:line.
import { readFile } from 'node:fs/promises';
import { API_VERSION, type ArkDocument, type KindName } from '../api/index.js';
import { formatIssueAt, parseYamlDocuments } from '../core/documents.js';
import type { FieldIssue } from '../core/issues.js';
import { validateDocument } from '../core/validate/index.js';

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
  errors: string[];
  warnings: string[];
}

export async function loadBundle(files: string[]): Promise<Bundle> {
  const bundle: Bundle = { teams: [], agents: [], others: [], coreObjects: [], errors: [], warnings: [] };
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      bundle.errors.push(`${file}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)}); fix: check the path`);
      continue;
    }
    addFile(bundle, file, text);
  }
  return bundle;
}

function addFile(bundle: Bundle, file: string, text: string): void {
  const parsed = parseYamlDocuments(text, file);
  for (const issue of parsed.issues) report(bundle, formatIssueAt(file, issue.line, issue), issue);
  if (parsed.documents.length === 0 && parsed.issues.length === 0) {
    bundle.errors.push(`${file}: no YAML documents; fix: add an ArkTeam (see \`ark init\`)`);
  }
  for (const doc of parsed.documents) {
    const core = coreObject(doc.value);
    if (core) { bundle.coreObjects.push(core); continue; }
    if (!isOurs(doc.value)) {
      bundle.warnings.push(`${file}:${doc.lineOf([]) ?? 1}: warning: ${describe(doc.value)} is not an ${API_VERSION} object; ignored`);
      continue;
    }
    const result = validateDocument(doc.value);
    for (const issue of result.issues) report(bundle, formatIssueAt(file, doc.lineOf(issue.path), issue), issue);
    if (!result.ok || !result.kind || !result.value) continue;
    const located = { value: result.value, file, line: doc.lineOf(['metadata', 'name']), lineOf: (path: string) => doc.lineOf(path) };
    if (result.kind === 'ArkTeam') bundle.teams.push(located as Located<ArkDocument<'ArkTeam'>>);
    else if (result.kind === 'ArkAgent') bundle.agents.push(located as Located<ArkDocument<'ArkAgent'>>);
    else bundle.others.push(located as Located<ArkDocument<KindName>>);
  }
}

function report(bundle: Bundle, line: string, issue: FieldIssue): void {
  if (issue.severity === 'warning') bundle.warnings.push(line.replace(/^([^:]+(?::\d+)?): /, '$1: warning: '));
  else bundle.errors.push(line);
}

function isOurs(value: unknown): boolean {
  const apiVersion = (value as { apiVersion?: unknown } | null)?.apiVersion;
  return typeof apiVersion === 'string' && apiVersion.startsWith('arkonis.dev/');
}

function describe(value: unknown): string {
  const { apiVersion, kind } = (value ?? {}) as { apiVersion?: unknown; kind?: unknown };
  return `${String(kind ?? 'a document without kind')} (${String(apiVersion ?? 'no apiVersion')})`;
}

function coreObject(value: unknown): CoreObject | undefined {
  const doc = value as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown }; data?: unknown; stringData?: unknown };
  if (doc?.apiVersion !== 'v1' || (doc.kind !== 'ConfigMap' && doc.kind !== 'Secret')) return undefined;
  const data: Record<string, string> = {};
  for (const [key, raw] of Object.entries((doc.data ?? {}) as Record<string, unknown>)) {
    data[key] = doc.kind === 'Secret' ? Buffer.from(String(raw), 'base64').toString('utf8') : String(raw);
  }
  Object.assign(data, doc.stringData ?? {});
  return { kind: doc.kind, name: String(doc.metadata?.name ?? ''), data };
}
