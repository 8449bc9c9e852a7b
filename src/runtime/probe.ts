// The readiness of an agent pod, decided in the background so /readyz answers at once:
// a `semantic` probe asks the model the validator prompt every intervalSeconds and passes
// on a VALID verdict; a `ping` probe passes when the provider answers at all. Without a
// probe the pod is ready once it consumes its queue. /readyz reports the last result.
import type { ArkAgentSpec } from '../api/index.js';
import { errorMessage } from '../core/errors.js';
import { isValidVerdict, VERDICT_INSTRUCTION } from '../engine/checks.js';
import type { Clock, Timer } from '../engine/clock.js';
import type { Provider } from '../providers/types.js';

/** How long one probe call may take. */
const PROBE_TIMEOUT_MS = 30_000;

export class ReadinessProbe {
  /** Why the pod is not ready; undefined when it is. */
  private reason: string | undefined = 'the first readiness check has not finished';
  private timer: Timer | undefined;
  private stopped = false;

  constructor(private readonly spec: ArkAgentSpec, private readonly provider: Provider, private readonly clock: Clock) {}

  /** Runs the first check now and then every intervalSeconds. */
  start(): void {
    void this.check();
  }

  notReadyReason(): string | undefined {
    return this.stopped ? 'shutting down' : this.reason;
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
  }

  private async check(): Promise<void> {
    const probe = this.spec.livenessProbe;
    if (!probe) {
      this.reason = undefined;
      return;
    }
    try {
      this.reason = await this.ask(probe.type, probe.validatorPrompt);
    } catch (error) {
      this.reason = `${probe.type} probe failed: ${errorMessage(error)}`;
    }
    if (!this.stopped) this.timer = this.clock.setTimer(probe.intervalSeconds * 1000, () => void this.check());
  }

  private async ask(type: 'semantic' | 'ping', validatorPrompt: string | undefined): Promise<string | undefined> {
    const prompt = type === 'semantic' ? `${validatorPrompt ?? 'Are you able to answer requests?'}\n\n${VERDICT_INSTRUCTION}` : 'ping';
    const result = await this.provider.complete({
      model: this.spec.model, maxTokens: 16, signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
      messages: [{ role: 'user', content: prompt }], ...(type === 'semantic' ? { purpose: 'verdict' as const } : {}),
    });
    if (type === 'ping' || isValidVerdict(result.content)) return undefined;
    return `semantic probe answered "${result.content.slice(0, 80)}", not VALID`;
  }
}
