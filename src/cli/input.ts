// `--input k=v` (repeatable) and `--input '<json object>'`, merged left to right.
import { parsePath } from '../core/issues.js';
import { reservedInputName, type RunInputResult } from '../core/validate/index.js';

export function parseInputFlags(values: string[]): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const value of values) {
    if (value.trimStart().startsWith('{')) {
      for (const [key, item] of Object.entries(jsonObject(value))) set(input, key, item, value);
      continue;
    }
    const eq = value.indexOf('=');
    if (eq <= 0) throw new Error(`--input ${JSON.stringify(value)}: expected key=value or a JSON object; fix: e.g. --input topic="Kubernetes operators"`);
    set(input, value.slice(0, eq), value.slice(eq + 1), value);
  }
  return input;
}

function jsonObject(value: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    throw new Error(`--input ${JSON.stringify(value)}: not valid JSON (${(error as Error).message}); fix: quote the object, e.g. --input '{"topic":"x"}'`, { cause: error });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`--input ${JSON.stringify(value)}: expected a JSON object; fix: write {"name": value}, e.g. --input '{"topic":"x"}'`);
  }
  return parsed as Record<string, unknown>;
}

/** Own-property assignment: `__proto__` and friends are refused instead of vanishing. */
function set(input: Record<string, unknown>, key: string, item: unknown, flag: string): void {
  const reserved = reservedInputName(key);
  if (reserved !== undefined) throw new Error(`--input ${JSON.stringify(flag)}: ${reserved.message}; fix: ${reserved.fix ?? 'rename the input'}`);
  input[key] = item;
}

/**
 * The input issues of `ark run` as lines about flags: `--input n: …`. A missing required
 * input says which flag to pass (admission words it as a spec field instead).
 */
export function runInputLines(resolved: RunInputResult): { errors: string[]; warnings: string[] } {
  const errors: string[] = [];
  const warnings: string[] = [];
  for (const issue of resolved.issues) {
    const name = parsePath(issue.path)[2];
    const missing = issue.path === 'spec.input' && resolved.missing.length > 0;
    const fix = missing ? `pass ${resolved.missing.map((n) => `--input ${n}=…`).join(' ')}` : issue.fix;
    const head = missing ? `--input: ${issue.message}` : `--input ${String(name ?? '')}: ${issue.message}`;
    const line = fix === undefined ? head : `${head}; fix: ${fix}`;
    if (issue.severity === 'error') errors.push(line);
    else warnings.push(`warning: ${line}`);
  }
  return { errors, warnings };
}
