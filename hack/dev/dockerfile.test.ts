// Checks the Dockerfile without a Docker engine: its stages, that every COPY source exists in
// the build context (and is not excluded by .dockerignore), the numeric non-root user, the
// `ark` entrypoint, and that the runtime stage carries no sources or dev dependencies.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const text = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));

interface Instruction { readonly op: string; readonly args: string; readonly stage: number }

/** Instructions (continuation lines joined), each tagged with the index of its stage. */
function parse(source: string): Instruction[] {
  const lines = source.replace(/\\\n/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  let stage = -1;
  return lines.map((line) => {
    const [op = '', ...rest] = line.split(/\s+/);
    if (op.toUpperCase() === 'FROM') stage += 1;
    return { op: op.toUpperCase(), args: rest.join(' '), stage };
  });
}

const instructions = parse(text);
const last = Math.max(...instructions.map((i) => i.stage));
const final = instructions.filter((i) => i.stage === last);

describe('Dockerfile', () => {
  it('is multi-stage and the final stage runs as numeric user 10001 with ark as entrypoint', () => {
    expect(last).toBeGreaterThanOrEqual(1);
    const users = final.filter((i) => i.op === 'USER');
    expect(users.at(-1)?.args).toMatch(/^10001(:10001)?$/);
    expect(final.find((i) => i.op === 'ENTRYPOINT')?.args).toBe('["ark"]');
    expect(final.some((i) => i.op === 'RUN' && i.args.includes('/usr/local/bin/ark'))).toBe(true);
  });

  it('copies only sources that exist and are not excluded by .dockerignore', () => {
    const copies = instructions.filter((i) => i.op === 'COPY' && !i.args.startsWith('--from'));
    expect(copies.length).toBeGreaterThan(0);
    for (const copy of copies) {
      const sources = copy.args.split(/\s+/).slice(0, -1);
      for (const source of sources) {
        expect(existsSync(join(ROOT, source)), `COPY ${source}: no such file in the build context`).toBe(true);
        expect(ignored.includes(source.replace(/\/$/, '')), `COPY ${source}: excluded by .dockerignore`).toBe(false);
      }
    }
  });

  it('ships dist, bin and manifests with production dependencies only', () => {
    const sources = final.filter((i) => i.op === 'COPY').map((i) => i.args);
    expect(sources.some((a) => a.startsWith('--from=build') && a.includes('/dist'))).toBe(true);
    expect(sources.some((a) => a.startsWith('bin '))).toBe(true);
    expect(sources.some((a) => a.startsWith('manifests '))).toBe(true);
    expect(sources.some((a) => /^(src|test|hack) /.test(a))).toBe(false);
    const deps = instructions.find((i) => i.op === 'RUN' && i.args.includes('--omit=dev'));
    expect(deps, 'a stage installs production dependencies with npm ci --omit=dev').toBeDefined();
    expect(sources.some((a) => a.startsWith(`--from=${stageName(deps!.stage)} `) && a.includes('node_modules'))).toBe(true);
  });

  it('keeps node_modules, dist and keys out of the build context', () => {
    for (const entry of ['node_modules', 'dist', '.git', '*.pem', '*.key']) expect(ignored).toContain(entry);
  });
});

function stageName(stage: number): string {
  const from = instructions.filter((i) => i.op === 'FROM')[stage];
  return from?.args.split(/\s+AS\s+/i)[1] ?? String(stage);
}
