// The `ark` command line. Parses flags, calls one command, maps errors to exit codes:
// 0 success, 1 failed run or bad input (one line per problem), 130 interrupted.
import { Command, InvalidArgumentError, Option } from 'commander';
import { MAX_TIMEOUT_SECONDS } from '../api/index.js';
import { parseCliEnv } from '../config/cli.js';
import type { RuntimeFlags } from '../config/runtime.js';
import { initCommand } from './commands/init.js';
import { addOperatorCommand } from './commands/operator-flags.js';
import { packageVersion } from './version.js';
import { addRemoteCommands } from './commands/remote-flags.js';
import { processIo, UsageError, type Io } from './commands/io.js';
import { runCommand, type RunFlags } from './commands/run.js';
import { validateCommand } from './commands/validate.js';
import { errorMessage } from '../core/errors.js';

export async function main(argv: string[], io: Io = processIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let code = 0;
  const program = buildProgram(io, env, (result) => { code = result; });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    return reportError(error, io);
  }
}

function buildProgram(io: Io, env: NodeJS.ProcessEnv, setCode: (code: number) => void): Command {
  const program = new Command('ark')
    .description('Run ARKONIS agent teams locally, validate them with the admission rules, and work with runs in a cluster')
    .version(packageVersion(), '-V, --version', 'print the ark version')
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.out(text.trimEnd()), writeErr: (text) => io.err(text.trimEnd()) })
    .showHelpAfterError('(run `ark --help` for usage)');

  program.command('run')
    .description('run an ArkTeam on this machine (in-memory queue, in-process agents)')
    .argument('<files...>', 'YAML files: the team, and any ArkAgents, ArkTeams, ConfigMaps or Secrets it references')
    .addOption(new Option('--provider <name>', 'LLM provider for every agent').choices(['auto', 'openai', 'anthropic', 'mock']).default('auto'))
    .option('--mock', 'shorthand for --provider mock')
    .option('-w, --watch', 'show live per-step progress')
    .option('-i, --input <value>', 'run input: key=value or a JSON object (repeatable)', collect, [])
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--team <name>', 'the ArkTeam to run when the files hold several')
    .addOption(new Option('--flow <name>', 'alias of --team').hideHelp())
    .option('--dry-run', 'validate and print the plan without calling any model')
    .option('--max-tokens <n>', 'token budget of this run (overrides spec.maxTokens)', positiveInt)
    .option('--timeout <seconds>', 'deadline of this run (overrides spec.timeoutSeconds)', timeoutSeconds)
    .option('--trace', 'print the span tree when the run ends')
    .option('--no-mcp', 'do not connect to MCP servers')
    .option('--mcp-optional', 'leave out MCP servers that cannot be reached (with a warning) instead of failing their roles\' tasks')
    .option('--mock-responses <file>', 'mock provider replies (YAML/JSON: responses[{match, reply, toolCalls}])')
    .option('--mock-delay <ms>', 'mock provider delay per call', nonNegativeInt)
    .action(async (files: string[], options: RunFlags & { flow?: string }) => {
      const flags: RunFlags = { ...options };
      if (options.flow && !options.team) flags.team = options.flow;
      setCode(await runCommand(files, flags, parseCliEnv(env), io));
    });

  program.command('validate')
    .description('check YAML files with the same rules as the admission webhooks')
    .argument('<files...>', 'YAML files')
    .action(async (files: string[]) => setCode(await validateCommand(files, io)));

  program.command('init')
    .description('write a starter project (quickstart.yaml) into a directory')
    .argument('<dir>', 'target directory')
    .action(async (dir: string) => setCode(await initCommand(dir, io)));

  program.command('runtime')
    .description('run one agent pod: consume its queue, run the agent loop, serve /healthz, /readyz and /metrics (configured from the environment)')
    .option('--port <port>', 'port of /healthz, /readyz and /metrics (default: PORT or 8080)', nonNegativeInt)
    .option('--queue <name>', 'queue to consume (default: AGENT_QUEUE, or the team role\'s or agent\'s queue)')
    .option('--pod-name <name>', 'consumer name (default: POD_NAME, or the host name)')
    .addOption(new Option('--provider <name>', 'LLM provider of every call (default: ARK_PROVIDER, or auto: the spec\'s provider or the model\'s)').choices(['auto', 'openai', 'anthropic', 'mock']))
    // Loaded only when it runs: the pod's Redis, HTTP and metrics modules would slow every `ark run`.
    .action(async (options: RuntimeFlags) => {
      const { runtimeCommand } = await import('./commands/runtime.js');
      setCode(await runtimeCommand(options, env, io));
    });

  addOperatorCommand(program, io, env, setCode);
  addRemoteCommands(program, io, env, setCode);
  return program;
}

function reportError(error: unknown, io: Io): number {
  const commanderCode = (error as { code?: string }).code;
  if (commanderCode === 'commander.helpDisplayed' || commanderCode === 'commander.version') return 0;
  // The cluster commands mark their usage errors with exit code 2 (remote-flags.ts).
  if (commanderCode?.startsWith('commander.')) return (error as { exitCode?: number }).exitCode === 2 ? 2 : 1;
  if (error instanceof UsageError) {
    for (const line of error.lines) io.err(line);
    return 1;
  }
  io.err(`error: ${errorMessage(error)}`);
  return 1;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected a whole number ≥ 1, got "${value}"`);
  return n;
}

function timeoutSeconds(value: string): number {
  const n = positiveInt(value);
  if (n > MAX_TIMEOUT_SECONDS) throw new InvalidArgumentError(`at most ${MAX_TIMEOUT_SECONDS} seconds (about 24 days), got ${n}`);
  return n;
}

function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`expected a whole number ≥ 0, got "${value}"`);
  return n;
}
