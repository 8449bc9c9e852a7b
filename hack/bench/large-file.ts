// `npm run bench` (large files): peak RSS of `ark validate` on valid teams of growing
// size, against the same command on the quickstart, and the time to refuse a file over
// the size limit. The command runs as users run it: bin/ark.js with the node flags of its
// shebang line. Target: peak RSS ≤ 75 MB + 5 × the file size. Text-heavy files are mostly
// block-scalar prompts; key-heavy ones are thousands of small roles in flow maps, the
// costliest shape per byte for the yaml library. Flawed files have one problem in their
// last role (an unknown field: a warning, still accepted; or a limit of 0: an error), so
// the line of that problem must be found deep in the file.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { MAX_YAML_BYTES } from '../../src/core/documents.js';

const MIB = 2 ** 20;
const TARGET_BASE_MB = 75;
const TARGET_PER_BYTE = 5;
/** Printed by the child at exit: its own peak RSS in KiB. */
const REPORT_MAX_RSS = 'data:text/javascript,process.on("exit",()=>process.stderr.write(`maxrss=${process.resourceUsage().maxRSS}\\n`))';

/** Node flags from bin/ark.js's `#!/usr/bin/env -S node …` line. */
function shebangFlags(): string[] {
  const first = readFileSync('bin/ark.js', 'utf8').split('\n')[0] ?? '';
  return first.split(/\s+/).filter((word) => word.startsWith('--'));
}

/** One problem in the last role, or none. */
type Flaw = 'none' | 'warning' | 'error';

/** A team of `roles` roles; `promptLines` lines of system prompt each (text-heavy) or none (key-heavy). */
function teamYaml(roles: number, promptLines: number, flaw: Flaw = 'none'): string {
  const lines = ['apiVersion: arkonis.dev/v1alpha1', 'kind: ArkTeam', 'metadata:', '  name: big', 'spec:',
    '  inputs:', '    - name: topic', '      default: x', '  roles:'];
  for (let i = 0; i < roles; i++) {
    const last = i === roles - 1;
    const maxTokens = last && flaw === 'error' ? 0 : 2000;
    lines.push(`    - name: role-${i}`, '      model: gpt-4o-mini', `      limits: { maxTokensPerCall: ${maxTokens}, timeoutSeconds: 60 }`);
    if (last && flaw === 'warning') lines.push('      temprature: 0.2');
    if (promptLines === 0) lines.push(`      systemPrompt: "Agent ${i}: answer briefly."`);
    else lines.push('      systemPrompt: |', ...Array.from({ length: promptLines }, (_, j) => `        Agent ${i}, line ${j}: a long and careful system prompt line.`));
  }
  lines.push('  pipeline:');
  for (let i = 0; i < roles; i++) {
    lines.push(`    - role: role-${i}`, `      inputs: { prompt: "Part ${i} of {{ .input.topic }}" }`);
    // Fan-in every tenth step: a DAG with depth, but no chain thousands of steps long.
    if (i % 10 === 9) lines.push(`      dependsOn: [${Array.from({ length: 9 }, (_, j) => `role-${i - 9 + j}`).join(', ')}]`);
  }
  return `${lines.join('\n')}\n`;
}

/** Roles needed for a file of about `bytes`. */
function rolesFor(bytes: number, promptLines: number): number {
  const sample = 50;
  return Math.max(1, Math.floor((bytes / teamYaml(sample, promptLines).length) * sample));
}

/** Runs `ark validate file` as a child; its exit code, wall time and peak RSS. */
function validateRun(file: string): { mb: number; ms: number; code: number; stderr: string } {
  const start = performance.now();
  const args = [...shebangFlags(), '--import', REPORT_MAX_RSS, 'bin/ark.js', 'validate', file];
  const child = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const match = /maxrss=(\d+)/.exec(child.stderr);
  return { mb: Number(match?.[1] ?? 0) / 1024, ms: performance.now() - start, code: child.status ?? 1, stderr: child.stderr };
}

/** A clean file exits 0, a warned one exits 0 with its warning located, an error file exits 1 with its error located. */
function checkOutcome(file: string, flaw: Flaw, run: { code: number; stderr: string }): void {
  const expectedCode = flaw === 'error' ? 1 : 0;
  const located = flaw === 'none' || /\.yaml:\d+: (?:warning: |error: )?spec\.roles\[\d+\]/.test(run.stderr);
  if (run.code !== expectedCode || !located) {
    throw new Error(`bench file ${file} (${flaw}): exit ${run.code}, expected ${expectedCode}${located ? '' : ', problem not located'}\n${run.stderr}`);
  }
}

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'ark-bench-large-'));
  try {
    console.log(`large files: ark validate with node ${shebangFlags().join(' ') || '(no flags)'}; size limit ${MAX_YAML_BYTES / MIB} MiB`);
    const quickstart = validateRun('examples/quickstart.yaml');
    console.log(`  quickstart (baseline):                 peak RSS ${quickstart.mb.toFixed(0)} MB`);
    const cases: [string, number, Flaw, number][] = [
      ['text-heavy', 20, 'none', 1], ['text-heavy', 20, 'none', 2.5], ['key-heavy', 0, 'none', 1], ['key-heavy', 0, 'none', 2.5],
      ['key-heavy, one warning', 0, 'warning', 2.5], ['key-heavy, one error', 0, 'error', 1], ['key-heavy, one error', 0, 'error', 2.5],
    ];
    for (const [label, promptLines, flaw, mib] of cases) {
      const file = join(dir, `${label.replaceAll(/\W+/g, '-')}-${mib}.yaml`);
      writeFileSync(file, teamYaml(rolesFor(mib * MIB, promptLines), promptLines, flaw));
      const size = statSync(file).size;
      const run = validateRun(file);
      checkOutcome(file, flaw, run);
      const target = TARGET_BASE_MB + (TARGET_PER_BYTE * size) / 1e6;
      console.log(`  ${`${label} ${(size / MIB).toFixed(1)} MiB:`.padEnd(36)} peak RSS ${run.mb.toFixed(0)} MB = baseline + ${((run.mb - quickstart.mb) / (size / 1e6)).toFixed(1)}× the file, ${run.ms.toFixed(0)} ms   target ≤ ${target.toFixed(0)} MB (${run.mb <= target ? 'met' : 'MISSED'})`);
    }
    const huge = join(dir, 'huge.yaml');
    writeFileSync(huge, teamYaml(rolesFor(20 * MIB, 20), 20));
    const refused = validateRun(huge);
    console.log(`  ${(statSync(huge).size / MIB).toFixed(0)} MiB file: refused (exit ${refused.code}) in ${refused.ms.toFixed(0)} ms, peak RSS ${refused.mb.toFixed(0)} MB`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
