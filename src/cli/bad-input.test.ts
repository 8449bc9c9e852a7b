// Every bad input of `ark`, through the real binary (bin/ark.js, as built by `npm run
// build`): the exit code, a located message that ends with a fix, and never a stack trace.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from './testing-build.js';
import { startFakeServer, type FakeServer } from '../providers/testing/fake-server.js';

interface Outcome { code: number; stdout: string; stderr: string }

function arkBinary(args: string[], env: Record<string, string> = {}): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/ark.js', ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

const bad = 'test/fixtures/bad-input';
let dir: string;
const tmp = (name: string): string => join(dir, name);

beforeAll(async () => {
  await ensureBuilt();
  dir = await mkdtemp(join(tmpdir(), 'ark-bad-input-'));
  const bytes = Buffer.alloc(512);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 97 + 13) % 256;
  await writeFile(tmp('garbage.yaml'), bytes);
  await writeFile(tmp('scalar.yaml'), 'just a sentence\n');
  await writeFile(tmp('list.yaml'), '- a\n- b\n');
  let bomb = 'a: &a [x, x, x, x, x, x, x, x, x]\n';
  for (let i = 1; i <= 8; i++) bomb += `b${i}: &b${i} [${Array(9).fill(`*${i === 1 ? 'a' : `b${i - 1}`}`).join(', ')}]\n`;
  await writeFile(tmp('bomb.yaml'), bomb);
  await writeFile(tmp('deep.yaml'), `${'['.repeat(10_000)}${']'.repeat(10_000)}\n`);
  await writeFile(tmp('huge.yaml'), `# ${'x'.repeat(4 * 2 ** 20)}\n`);
  await writeFile(tmp('a-file'), 'not a directory\n');
}, 300_000);

afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

/** Each case: arguments, and what the one located line must say. */
const refusals: [string, () => string[], RegExp][] = [
  ['binary garbage', () => ['validate', tmp('garbage.yaml')], /garbage\.yaml: binary data, not UTF-8 text.*; fix: /],
  ['a bare scalar', () => ['validate', tmp('scalar.yaml')], /scalar\.yaml:1: expected a Kubernetes object .*got string "just a sentence"; fix: /],
  ['a bare list', () => ['validate', tmp('list.yaml')], /list\.yaml:1: expected a Kubernetes object .*got a list; fix: /],
  ['an alias bomb', () => ['validate', tmp('bomb.yaml')], /bomb\.yaml:1: YAML: aliases expand more than 100 times.*; fix: /],
  ['10,000 levels of nesting', () => ['validate', tmp('deep.yaml')], /deep\.yaml:1: YAML: nested deeper than 100 levels; fix: /],
  ['a file over the size limit', () => ['validate', tmp('huge.yaml')], /huge\.yaml: the file is 4\.0 MiB, over the 3\.0 MiB limit.*; fix: split/],
  ['a document without kind', () => ['validate', `${bad}/no-kind.yaml`], /no-kind\.yaml:1: not a Kubernetes object: kind is missing; fix: /],
  ['a YAML syntax error', () => ['validate', `${bad}/syntax.yaml`], /syntax\.yaml:\d+: YAML: .*; fix: /],
  ['an integer beyond 2^53', () => ['validate', `${bad}/big-integer.yaml`], /big-integer\.yaml:6: spec\.maxTokens: integer 99999999999999999999 is beyond ±2\^53.*; fix: /],
  ['a role name over 63 characters', () => ['validate', `${bad}/long-role.yaml`], /long-role\.yaml:7: spec\.roles\[0\]\.name: is longer than 63 characters \(66\); fix: shorten/],
  ['{team}-{role} over 63 characters', () => ['validate', `${bad}/team-role.yaml`], /team-role\.yaml:7: spec\.roles\[0\]\.name: the role's ArkAgent "long-names-.*" would be 66 characters.*; fix: shorten the role name to at most 52/],
  ['a hyphenated step in a template', () => ['validate', `${bad}/hyphen-step.yaml`], /hyphen-step\.yaml:19: .*; fix: .*use index \.steps "my-role" "output"/],
  ['a missing file', () => ['validate', tmp('none.yaml')], /none\.yaml: does not exist \(ENOENT\); fix: check the path/],
  ['a directory', () => ['validate', dir], /: is a directory, not a file \(EISDIR\); fix: /],
  ['--input __proto__', () => ['run', 'examples/quickstart.yaml', '--mock', '--input', '__proto__=1'], /--input "__proto__=1": "__proto__" cannot be an input name.*; fix: rename the input/],
  ['--input JSON with __proto__', () => ['run', 'examples/quickstart.yaml', '--mock', '--input', '{"__proto__":{"x":1}}'], /"__proto__" cannot be an input name.*; fix: /],
  ['--input integer beyond 2^53', () => ['run', `${bad}/int-input.yaml`, '--mock', '--input', 'n=99999999999999999999'], /--input n: 99999999999999999999 is beyond ±2\^53.*; fix: /],
  ['a missing required input', () => ['run', 'examples/diamond-dag.yaml', '--mock'], /--input: missing required input: product; fix: pass --input product=…/],
  ['--mock-responses that does not exist', () => ['run', 'examples/quickstart.yaml', '--mock', '--mock-responses', tmp('none.yaml')], /--mock-responses .*none\.yaml: does not exist \(ENOENT\); fix: /],
  ['--mock-responses a directory', () => ['run', 'examples/quickstart.yaml', '--mock', '--mock-responses', dir], /--mock-responses .*: is a directory, not a file \(EISDIR\); fix: /],
  ['ark init onto a file', () => ['init', tmp('a-file')], /ark init: .*a-file: already exists \(EEXIST\); fix: /],
  ['ark init below a file', () => ['init', join(tmp('a-file'), 'sub')], /ark init: .*a-file\/sub: has a file where a directory is expected \(ENOTDIR\); fix: /],
];

describe('ark refuses bad input with a located line and a fix', () => {
  it.each(refusals)('%s', async (_name, args, expected) => {
    const { code, stdout, stderr } = await arkBinary(args());
    expect(code).toBe(1);
    expect(stderr).toMatch(expected);
    expect(stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(stdout).toBe('');
    // Every error and warning line ends with a fix; only the count line stands alone.
    for (const line of stderr.trim().split('\n')) if (!/^\d+ problems? found$/.test(line)) expect(line).toMatch(/; fix: \S/);
  });

  it('prints the lines of a file in file order, warnings among errors', async () => {
    const { code, stderr } = await arkBinary(['validate', `${bad}/many-problems.yaml`]);
    expect(code).toBe(1);
    const lines = stderr.trim().split('\n');
    const numbers = lines.slice(0, -1).map((line) => Number(/many-problems\.yaml:(\d+):/.exec(line)?.[1]));
    expect(numbers).toEqual([6, 8, 11, 13, 18]);
    expect(lines.at(-1)).toBe('4 problems found');
    for (const line of lines.slice(0, -1)) expect(line).toMatch(/; fix: \S/);
  });
});

describe('ark accepts what kubectl and ARKONIS users write', () => {
  it('merges YAML merge keys', async () => {
    const { code, stdout, stderr } = await arkBinary(['run', `${bad}/merge-keys.yaml`, '--mock', '-o', 'json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as { steps: { name: string }[] }).steps.map((step) => step.name)).toEqual(['writer', 'editor']);
  });

  it('validates and runs a directory with ArkEvent, ArkNotify, ArkRegistry and an ArkFlow', async () => {
    const files = ['flow.yaml', 'surroundings.yaml', 'team.yaml'].map((name) => `test/fixtures/arkonis-dir/${name}`);
    const validated = await arkBinary(['validate', ...files]);
    expect(validated.code).toBe(0);
    expect(validated.stdout).toContain('3 objects valid');
    const run = await arkBinary(['run', ...files, '--mock', '--team', 'support']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Mock response to: Sort this: refunds');
    const warnings = run.stderr.trim().split('\n');
    expect(warnings).toEqual([
      expect.stringMatching(/flow\.yaml:10: warning: kind: ArkFlow "summary-flow" is deprecated; read as an ArkTeam.*; fix: rename the kind to ArkTeam/),
      expect.stringMatching(/surroundings\.yaml:1: warning: ArkEvent "nightly" is not run by ark run; skipped$/),
      expect.stringMatching(/surroundings\.yaml:10: warning: ArkNotify "slack-alerts" is not run by ark run; skipped$/),
      expect.stringMatching(/surroundings\.yaml:19: warning: ArkRegistry "capabilities" is not run by ark run; skipped$/),
    ]);
    expect(run.stderr).not.toMatch(/not an ARKONIS kind|ArkAgent\?/);
  });

  it('runs the ArkFlow, its .pipeline.input templates read as .input', async () => {
    const { code, stdout } = await arkBinary(['run', 'test/fixtures/arkonis-dir/flow.yaml', '--mock']);
    expect(code).toBe(0);
    expect(stdout).toContain('Mock response to: Shorten: Mock response to: What is a Kubernetes operator?');
  });
});

describe('the README commands are clean', () => {
  it('ark --version prints the package version', async () => {
    const { code, stdout } = await arkBinary(['--version']);
    expect(code).toBe(0);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('ark validate examples/*.yaml recognises the mock-responses files and warns about nothing', async () => {
    const { code, stderr, stdout } = await arkBinary(['validate', 'examples/agent-and-service.yaml', 'examples/mock/dynamic-delegation.mock.yaml',
      'examples/dynamic-delegation.yaml', 'examples/mock/output-schema-validate.mock.yaml', 'examples/output-schema-validate.yaml']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/objects valid$/m);
  });

  it('the main input prompt needs no declaration', async () => {
    const { code, stderr } = await arkBinary(['run', 'examples/dynamic-delegation.yaml', '--mock', '--mock-responses',
      'examples/mock/dynamic-delegation.mock.yaml', '--input', 'prompt=My invoice shows a double charge.']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
  });

  it('the output-schema example reflects its input', async () => {
    const { code, stdout } = await arkBinary(['run', 'examples/output-schema-validate.yaml', '--mock', '--mock-responses',
      'examples/mock/output-schema-validate.mock.yaml', '--input', 'rawText=Jane Roe, CTO at Acme']);
    expect(code).toBe(0);
    expect(stdout).toContain('Jane Roe: urgency high');
  });

  it('quickstart --watch takes long enough to watch, and prints the run header', async () => {
    const { code, stdout } = await arkBinary(['run', 'examples/quickstart.yaml', '--provider', 'mock', '--watch']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^run quickstart-\S+: team quickstart, 2 steps$/m);
    const seconds = Number(/^Succeeded in (\d+\.\d+)s/m.exec(stdout)?.[1]);
    expect(seconds).toBeGreaterThanOrEqual(0.8);
  });
});

describe('providers in the wrong wire format, through the binary', () => {
  let server: FakeServer;
  beforeAll(async () => {
    server = await startFakeServer({ paths: ['/v1/chat/completions'], fallback: () => ({ raw: '<html><body>Bad gateway</body></html>', headers: { 'content-type': 'text/html' } }) });
  });
  afterAll(async () => { await server.close(); });

  it('an HTML page names the provider, the URL and what came back', async () => {
    const { code, stdout, stderr } = await arkBinary(['run', 'examples/quickstart.yaml', '--provider', 'openai', '-o', 'json'], { OPENAI_BASE_URL: `${server.url}/v1` });
    expect(code).toBe(1);
    const message = (JSON.parse(stdout) as { message: string }).message;
    expect(message).toContain(`openai at ${server.url}/v1/chat/completions: the server answered in the wrong format: expected an OpenAI chat completion (with "choices"), got an HTML page ("<html><body>Bad gateway`);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('a rejected key points at the shell, not at Secrets', async () => {
    server.reply({ status: 401, body: { error: { message: 'invalid key' } } });
    const { stdout } = await arkBinary(['run', 'examples/quickstart.yaml', '--provider', 'openai', '-o', 'json'], { OPENAI_BASE_URL: `${server.url}/v1`, OPENAI_API_KEY: 'sk-test' });
    const message = (JSON.parse(stdout) as { message: string }).message;
    expect(message).toContain('HTTP 401: the API key was rejected; fix: check OPENAI_API_KEY (exported in the shell that runs ark)');
    expect(message).not.toMatch(/Secret|envFrom/);
  });
});
