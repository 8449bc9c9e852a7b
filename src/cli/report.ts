// How a finished run is shown: the output and one summary line, or JSON for scripts.
import type { RunResult } from '../engine/run.js';

/** `Succeeded in 1.2s · 1,234 tokens` — the last line of every text-mode run. */
export function summaryLine(result: RunResult): string {
  const duration = ((result.completionTime - result.startTime) / 1000).toFixed(2);
  const where = result.failedStep ? ` at step ${result.failedStep}` : '';
  const why = result.message ? `: ${result.message}` : '';
  return `${result.phase}${where} in ${duration}s · ${result.usage.total.toLocaleString('en-US')} tokens${result.phase === 'Succeeded' ? '' : why}`;
}

export function jsonReport(runId: string, team: string, result: RunResult): unknown {
  return {
    run: runId,
    team,
    status: result.phase,
    duration_ms: result.completionTime - result.startTime,
    total_tokens: result.usage.total,
    token_usage: result.usage,
    output: result.output ?? null,
    message: result.message ?? null,
    failed_step: result.failedStep ?? null,
    steps: result.steps.map((step) => ({
      name: step.name,
      status: step.phase,
      attempts: step.attempts ?? 0,
      iterations: step.iterations ?? 0,
      tokens: step.tokenUsage?.total ?? 0,
      duration_ms: step.startTime && step.completionTime ? Date.parse(step.completionTime) - Date.parse(step.startTime) : null,
      output: result.outputs.get(step.name) ?? null,
      message: step.message ?? null,
    })),
  };
}
