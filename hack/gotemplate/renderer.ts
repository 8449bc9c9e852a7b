// Real Go text/template + Sprig, for the differential template suite and the template bench:
// builds (once per machine, cached) and runs the renderer in this directory (main.go).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, found from this file whether it runs from source or from dist/. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
  return dir;
}

/** One template to render: `data` is sent as JSON, so Go sees float64 numbers and maps. */
export interface GoRequest {
  readonly template: string;
  readonly data: unknown;
}

export type GoResult =
  | { readonly output: string }
  | { readonly error: string; readonly phase: 'parse' | 'exec' };

export interface GoTiming {
  /** Mean ns per parse + render; undefined when Go could not render the template. */
  readonly parseRenderNs: number | undefined;
  readonly renderNs: number | undefined;
}

/**
 * Builds the renderer when its cached binary is missing or stale (hack/gotemplate/build.sh,
 * cache under ARKONIS_CACHE_DIR or ~/.cache/arkonis) and returns the binary's path.
 */
export function ensureGoTemplate(): string {
  const out = execFileSync('bash', [join(repoRoot(), 'hack', 'gotemplate', 'build.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const bin = out.trim().split('\n').pop() ?? '';
  if (!existsSync(bin)) throw new Error(`hack/gotemplate/build.sh printed no binary path (got ${JSON.stringify(out)})`);
  return bin;
}

function run(bin: string, requests: readonly GoRequest[], args: string[]): unknown[] {
  const input = requests.map((r) => JSON.stringify({ template: r.template, data: r.data ?? null })).join('\n');
  const out = execFileSync(bin, args, { input: `${input}\n`, encoding: 'utf8', maxBuffer: 256 * 2 ** 20 });
  const lines = out.split('\n').filter((l) => l !== '');
  if (lines.length !== requests.length) throw new Error(`gotemplate answered ${lines.length} lines for ${requests.length} requests`);
  return lines.map((l) => JSON.parse(l) as unknown);
}

/** Renders every request in one Go process; results are in request order. */
export function renderWithGo(bin: string, requests: readonly GoRequest[]): GoResult[] {
  return run(bin, requests, []).map((r) => {
    const x = r as { output?: string; error?: string; phase?: 'parse' | 'exec' };
    return x.output !== undefined ? { output: x.output } : { error: x.error ?? '', phase: x.phase ?? 'exec' };
  });
}

/** Times every request in Go, parse+render and render only (main.go's timeRuns). */
export function timeWithGo(bin: string, requests: readonly GoRequest[]): GoTiming[] {
  return run(bin, requests, ['-bench']).map((r) => {
    const x = r as { parseRenderNs?: number; renderNs?: number };
    return { parseRenderNs: x.parseRenderNs, renderNs: x.renderNs };
  });
}
