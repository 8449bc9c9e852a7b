// Logs a dependency (Redis, the apiserver) going away and coming back once per change of
// state, instead of once per failed attempt: a long outage is two lines, not thousands.
export class Availability {
  private readonly down = new Map<string, string>();

  constructor(private readonly log: (line: string) => void) {}

  /** `what` failed; logged only when it was up until now. */
  failed(what: string, reason: string): void {
    if (this.down.has(what)) return;
    this.down.set(what, reason);
    this.log(`runs: ${what} unavailable (${reason}); retrying with backoff`);
  }

  /** `what` answered; logged only when it was down. */
  ok(what: string): void {
    if (!this.down.delete(what)) return;
    this.log(`runs: ${what} available again`);
  }
}
