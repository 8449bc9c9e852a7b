// `ark run <file...>`: runs a team on this machine with the same engine as the operator,
// an in-memory queue and in-process agents.
import type { ArkDocument } from '../../api/index.js';
import type { CliEnv } from '../../config/cli.js';
import { didYouMean } from '../../core/issues.js';
import { validateRunInput } from '../../core/validate/index.js';
import { EventRecorder, type EventLog } from '../../engine/event-log.js';
import { discardEvents, type EventSink } from '../../engine/events.js';
import { pipelineOf } from '../../engine/plan.js';
import type { RunResult } from '../../engine/run.js';
import { MAX_YAML_BYTES, sizeIssue } from '../../core/documents.js';
import { parseMockResponses, type MockOptions } from '../../providers/index.js';
import { loadBundle, type Bundle, type Located } from '../files.js';
import { FileProblem, readTextFile } from '../fs-errors.js';
import { parseInputFlags, runInputLines } from '../input.js';
import { ProviderPool, type ProviderMode } from '../local/providers.js';
import { LocalTeamRuntime } from '../local/team-runtime.js';
import { cliTelemetry } from '../logger.js';
import { jsonReport, summaryLine } from '../report.js';
import { MemoryEventLog } from '../../store/memory-event-log.js';
import { MemoryRunStore } from '../../store/memory-run-store.js';
import { traceCollector } from '../trace.js';
import { watchView } from '../watch.js';
import { UsageError, type Io } from './io.js';

/** With --watch, mock calls take this long (unless --mock-delay says otherwise) so the live view is visible. */
export const WATCH_MOCK_DELAY_MS = 400;

export interface RunFlags {
  provider: ProviderMode;
  mock?: boolean;
  watch?: boolean;
  input: string[];
  output: 'text' | 'json';
  team?: string;
  dryRun?: boolean;
  maxTokens?: number;
  timeout?: number;
  trace?: boolean;
  mcp: boolean;
  mcpOptional?: boolean;
  mockResponses?: string;
  mockDelay?: number;
}

export async function runCommand(files: string[], flags: RunFlags, env: CliEnv, io: Io): Promise<number> {
  const bundle = await loadBundle(files);
  if (bundle.errors.length > 0) throw new UsageError(bundle.lines);
  for (const warning of bundle.warnings) io.err(warning);
  const team = pickTeam(bundle, flags.team);
  const resolved = validateRunInput(team.value.spec, parseInputFlags(flags.input));
  const inputLines = runInputLines(resolved);
  for (const line of inputLines.warnings) io.err(line);
  if (inputLines.errors.length > 0) throw new UsageError(inputLines.errors);
  if (flags.dryRun) return dryRun(team, resolved.input, io);

  const providers = new ProviderPool(flags.mock ? 'mock' : flags.provider, env, await mockOptions(flags));
  const trace = flags.trace ? traceCollector() : undefined;
  const view = flags.watch && flags.output === 'text' ? watchView(io.stdout, io.stdout.isTTY === true && !env.NO_COLOR) : undefined;
  const telemetry = cliTelemetry(io.err);
  // With --watch or --trace, events go to the run's log and the live view and the trace read
  // them back from it, the way `ark logs -f` reads a cluster run; otherwise nothing reads
  // them, and a run keeps none.
  const log = new MemoryEventLog();
  const recorder = new EventRecorder(log, telemetry);
  const events = view || trace ? recorder : discardEvents;
  const redisUrl = env.TASK_QUEUE_URL;
  // ioredis is loaded only for a run through Redis.
  const RedisQueue = redisUrl ? (await import('../../queue/redis.js')).RedisQueue : undefined;
  const createQueue = redisUrl && RedisQueue ? () => new RedisQueue({ url: redisUrl, logger: telemetry.logger }) : undefined;
  const runtime = new LocalTeamRuntime(team, {
    bundle, providers, events, telemetry, noMcp: !flags.mcp, optionalMcp: flags.mcpOptional ?? false, ...(createQueue ? { createQueue } : {}),
  });
  const abort = new AbortController();
  const onSigint = (): void => abort.abort();
  process.once('SIGINT', onSigint);
  let result: RunResult;
  const runId = `${runtime.name}-${Date.now().toString(36)}`;
  const observing = observe(log, runId, [view, trace]);
  try {
    await runtime.start();
    result = await runtime.run({
      runId, input: resolved.input, signal: abort.signal, store: new MemoryRunStore(),
      ...(flags.maxTokens !== undefined ? { maxTokens: flags.maxTokens } : {}),
      ...(flags.timeout !== undefined ? { timeoutSeconds: flags.timeout } : {}),
    });
    await recorder.flush(runId);
    await observing.done;
  } finally {
    observing.stop();
    view?.stop();
    process.removeListener('SIGINT', onSigint);
    await runtime.close();
  }
  report(result, { runId, team: runtime.name, flags, io, trace: trace?.render() });
  return result.phase === 'Succeeded' ? 0 : result.phase === 'Cancelled' ? 130 : 1;
}

/** Feeds the run's logged events to the observers until the run completes. */
function observe(log: EventLog, runId: string, observers: (EventSink | undefined)[]): { done: Promise<void>; stop(): void } {
  const sinks = observers.filter((sink) => sink !== undefined);
  const abort = new AbortController();
  const done = (async () => {
    if (sinks.length === 0) return;
    for await (const event of log.follow(runId, 0, abort.signal)) for (const sink of sinks) sink.emit(event);
  })();
  return { done, stop: () => abort.abort() };
}

function report(result: RunResult, { runId, team, flags, io, trace }: { runId: string; team: string; flags: RunFlags; io: Io; trace: string[] | undefined }): void {
  if (flags.output === 'json') {
    io.out(JSON.stringify(jsonReport(runId, team, result), null, 2));
    return;
  }
  const output = result.output?.trimEnd();
  if (output) io.out(flags.watch ? `\n${output}\n` : output);
  if (trace) io.err(trace.join('\n'));
  io.out(summaryLine(result));
}

function pickTeam(bundle: Bundle, wanted: string | undefined): Located<ArkDocument<'ArkTeam'>> {
  const names = bundle.teams.map((team) => team.value.metadata.name ?? '');
  if (wanted !== undefined) {
    const found = bundle.teams.find((team) => team.value.metadata.name === wanted);
    if (found) return found;
    const hint = didYouMean(wanted, names);
    throw new UsageError([`--team ${wanted}: no such ArkTeam in the given files; fix: use one of ${names.join(', ') || '(none)'}${hint ? ` (did you mean "${hint}"?)` : ''}`]);
  }
  if (bundle.teams.length === 1) return bundle.teams[0]!;
  if (bundle.teams.length === 0) throw new UsageError(['no ArkTeam in the given files; fix: add one (`ark init <dir>` writes a starter)']);
  throw new UsageError([`${bundle.teams.length} ArkTeams in the given files (${names.join(', ')}); fix: choose one with --team <name>`]);
}

async function mockOptions(flags: RunFlags): Promise<MockOptions> {
  const options: MockOptions = flags.mockResponses ? await readMockResponses(flags.mockResponses) : {};
  if (flags.mockDelay !== undefined) options.delayMs = flags.mockDelay;
  else if (flags.watch) options.delayMs = WATCH_MOCK_DELAY_MS;
  return options;
}

async function readMockResponses(file: string): Promise<MockOptions> {
  const flag = '--mock-responses';
  try {
    return parseMockResponses(await readTextFile(flag, file, MAX_YAML_BYTES, (bytes) => sizeIssue(bytes).message), `${flag} ${file}`);
  } catch (error) {
    throw new UsageError([error instanceof FileProblem ? error.line : (error as Error).message]);
  }
}

/** Prints what would run, level by level, without calling any model. */
function dryRun(team: Located<ArkDocument<'ArkTeam'>>, input: Record<string, unknown>, io: Io): number {
  const steps = pipelineOf(team.value.spec);
  const level = new Map<string, number>();
  const depth = (name: string): number => {
    const known = level.get(name);
    if (known !== undefined) return known;
    const step = steps.find((candidate) => candidate.role === name);
    const value = 1 + Math.max(-1, ...(step?.dependsOn ?? []).map(depth));
    level.set(name, value);
    return value;
  };
  io.out(`team ${team.value.metadata.name}: ${steps.length} step(s); input ${JSON.stringify(input)}`);
  for (const step of steps) {
    const notes = [step.if ? 'if' : '', step.loop ? `loop≤${step.loop.maxIterations}` : '', step.outputSchema ? 'outputSchema' : '', step.validate ? 'validate' : ''].filter(Boolean);
    io.out(`  [${depth(step.role)}] ${step.role}${step.dependsOn?.length ? ` ← ${step.dependsOn.join(', ')}` : ''}${notes.length ? ` (${notes.join(', ')})` : ''}`);
  }
  return 0;
}
