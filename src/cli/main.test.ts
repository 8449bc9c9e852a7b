import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ark } from './testing.js';

const examples = (await readdir('examples')).filter((name) => name.endsWith('.yaml') && !name.endsWith('.mock.yaml'));

describe('ark run: every example runs with --provider mock', () => {
  for (const example of examples) {
    it(example, async () => {
      const args = ['run', join('examples', example), '--provider', 'mock', '--output', 'json', '--input', '{"rawText":"Jane Roe at Acme","product":"ark"}'];
      if (example === 'dynamic-delegation.yaml') args.push('--mock-responses', 'examples/mock/dynamic-delegation.mock.yaml');
      const { code, stdout, stderr } = await ark(args);
      const report = JSON.parse(stdout) as { status: string; total_tokens: number; steps: { status: string }[] };
      expect(stderr).not.toMatch(/error/i);
      expect(report.status).toBe('Succeeded');
      expect(code).toBe(0);
      expect(report.total_tokens).toBeGreaterThan(0);
    });
  }
});

describe('ark run: ARKONIS-style YAML runs unchanged', () => {
  it('inputs, outputSchema as JSON text, validate, loop over data, if, fan-out/fan-in', async () => {
    const { code, stdout } = await ark(['run', 'test/fixtures/arkonis/lead-pipeline.yaml', '--provider', 'mock', '-o', 'json', '--input', 'rawText=Jane Roe, CTO at Acme']);
    const report = JSON.parse(stdout) as { status: string; steps: { name: string; status: string; iterations: number }[]; output: string };
    expect(code).toBe(0);
    expect(report.status).toBe('Succeeded');
    expect(Object.fromEntries(report.steps.map((step) => [step.name, step.status]))).toEqual({
      extractor: 'Succeeded', scorer: 'Succeeded', researcher: 'Succeeded', notifier: 'Skipped', writer: 'Succeeded',
    });
    expect(report.steps.find((step) => step.name === 'scorer')!.iterations).toBe(3);
    expect(report.output).toContain('(not alerted)');
  });

  it('exits 1 with one line per problem for a bad file', async () => {
    const { code, stdout, stderr } = await ark(['run', 'test/fixtures/bad/team-errors.yaml', '--mock']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n').length).toBeGreaterThanOrEqual(4);
  });
});

describe('ark run: behaviour a user sees', () => {
  it('prints the output and a final line with phase, duration and tokens', async () => {
    const { code, stdout } = await ark(['run', 'examples/quickstart.yaml', '--provider', 'mock', '--input', 'topic=Redis']);
    expect(code).toBe(0);
    expect(stdout).toContain('Mock response to: Write a three-sentence summary');
    expect(stdout.trim().split('\n').at(-1)).toMatch(/^Succeeded in \d+\.\d\ds · [\d,]+ tokens$/);
  });

  it('--watch prints step transitions when not on a terminal', async () => {
    const { stdout } = await ark(['run', 'examples/loops-and-conditions.yaml', '--mock', '--watch']);
    expect(stdout).toMatch(/critic: Running \(iteration 3\)/);
    expect(stdout).toMatch(/publisher: Skipped/);
    expect(stdout).toContain('score 1 after review; publish step Skipped');
  });

  it('delegates in dynamic mode and --trace prints the span tree', async () => {
    const { code, stdout, stderr } = await ark(['run', 'examples/dynamic-delegation.yaml', '--mock', '--mock-responses',
      'examples/mock/dynamic-delegation.mock.yaml', '--trace', '--input', 'prompt=I see a double charge']);
    expect(code).toBe(0);
    expect(stdout).toContain('Their answer: Refund of the duplicate charge issued');
    expect(stderr).toMatch(/tool\.call delegate ok/);
  });

  it('ends BudgetExceeded with exit 1 when --max-tokens is too small', async () => {
    const { code, stdout } = await ark(['run', 'examples/budgets.yaml', '--mock', '--max-tokens', '60', '-o', 'json']);
    const report = JSON.parse(stdout) as { status: string; steps: { status: string }[] };
    expect(code).toBe(1);
    expect(report.status).toBe('BudgetExceeded');
    expect(report.steps.at(-1)!.status).toBe('Pending');
  });

  it('runs a nested arkTeam role with the inner team\'s declared input defaults', async () => {
    const { code, stdout } = await ark(['run', 'test/fixtures/nested-teams.yaml', '--mock', '--team', 'outer']);
    expect(code).toBe(0);
    expect(stdout).toContain('topic is [DEFAULT-TOPIC]');
  });

  it('refuses a --timeout longer than a timer can wait', async () => {
    const { code, stderr } = await ark(['run', 'examples/quickstart.yaml', '--mock', '--timeout', '3000000']);
    expect(code).toBe(1);
    expect(stderr).toContain('at most 2147483 seconds');
  });

  it('--dry-run prints the plan by level without running', async () => {
    const { code, stdout } = await ark(['run', 'examples/diamond-dag.yaml', '--dry-run', '--input', 'product=x']);
    expect(code).toBe(0);
    expect(stdout).toContain('[1] market ← planner');
    expect(stdout).toContain('[2] editor ← market, tech');
  });

  it('rejects a missing required input with the fix', async () => {
    const { code, stderr } = await ark(['run', 'examples/diamond-dag.yaml', '--mock']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/product/);
  });

  it('needs --team when the files hold several teams, and suggests names', async () => {
    const both = ['examples/quickstart.yaml', 'examples/budgets.yaml'];
    expect((await ark(['run', ...both, '--mock'])).stderr).toContain('choose one with --team <name>');
    expect((await ark(['run', ...both, '--mock', '--team', 'quickstar'])).stderr).toContain('did you mean "quickstart"');
    expect((await ark(['run', ...both, '--mock', '--team', 'quickstart'])).code).toBe(0);
  });

  it('explains missing credentials before calling any model', async () => {
    const { code, stderr } = await ark(['run', 'examples/quickstart.yaml']);
    expect(code).toBe(1);
    expect(stderr).toContain('OPENAI_API_KEY');
    expect(stderr).toContain('--provider mock');
  });
});

describe('ark validate', () => {
  it('accepts every example', async () => {
    const { code, stdout } = await ark(['validate', ...examples.map((name) => join('examples', name))]);
    expect(code).toBe(0);
    expect(stdout).toContain('valid');
  });

  it('reports one line per problem with file:line, field path and fix', async () => {
    const { code, stderr } = await ark(['validate', 'test/fixtures/bad/team-errors.yaml']);
    expect(code).toBe(1);
    const lines = stderr.trim().split('\n');
    expect(lines).toContainEqual(expect.stringMatching(/^test\/fixtures\/bad\/team-errors\.yaml:12: spec\.roles\[0\]\.limits\.maxTokensPerCall: 9000 exceeds spec\.maxTokens 5000/));
    expect(lines).toContainEqual(expect.stringMatching(/team-errors\.yaml:21: spec\.pipeline\[1\]\.dependsOn\[0\]: .*reserch.*did you mean "research"/));
    expect(lines).toContainEqual(expect.stringMatching(/spec\.pipeline\[0\]\.inputs\.prompt: .*topic/));
  });

  it('names file:line for YAML syntax errors and reports DAG cycles', async () => {
    const syntax = await ark(['validate', 'test/fixtures/bad/yaml-syntax.yaml']);
    expect(syntax.code).toBe(1);
    expect(syntax.stderr).toMatch(/yaml-syntax\.yaml:\d+: /);
    const cycle = await ark(['validate', 'test/fixtures/bad/cycle.yaml']);
    expect(cycle.stderr).toMatch(/cycle/);
  });

  it('reports an unreadable file instead of crashing', async () => {
    const { code, stderr } = await ark(['validate', 'no/such/file.yaml']);
    expect(code).toBe(1);
    expect(stderr).toContain('no/such/file.yaml: does not exist (ENOENT); fix: check the path');
  });
});

describe('ark init', () => {
  it('writes a starter that runs with --provider mock, and refuses to overwrite it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ark-init-'));
    expect((await ark(['init', dir])).code).toBe(0);
    expect(await readFile(join(dir, 'quickstart.yaml'), 'utf8')).toContain('kind: ArkTeam');
    expect((await ark(['run', join(dir, 'quickstart.yaml'), '--mock'])).code).toBe(0);
    const again = await ark(['init', dir]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists');
  });
});
