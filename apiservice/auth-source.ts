// Keeps the delegated-authentication settings current: reads the ConfigMap at start and
// again every few seconds, so a rotated front-proxy or client CA is used without a restart.
// A read or parse that fails keeps the last good settings and is reported once per change.
import type { AuthConfig } from './auth-config.js';
import { EMPTY_AUTH_CONFIG, parseAuthConfig } from './auth-config.js';

export interface AuthSourceOptions {
  read(): Promise<Readonly<Record<string, string>>>;
  intervalMs?: number;
  onError(error: Error): void;
}

const DEFAULT_INTERVAL_MS = 5_000;

export class AuthSource {
  private config: AuthConfig = EMPTY_AUTH_CONFIG;
  private last = '';
  private lastError = '';
  private loaded = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: AuthSourceOptions) {}

  /** Reads once (a failure is reported, and requests are refused until a read succeeds), then polls. */
  async start(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.options.intervalMs ?? DEFAULT_INTERVAL_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  current(): AuthConfig {
    return this.config;
  }

  /** Undefined when the settings were read; else why not (for /readyz). */
  notReady(): string | undefined {
    return this.loaded ? undefined : `authentication settings not read yet${this.lastError ? `: ${this.lastError}` : ''}`;
  }

  async refresh(): Promise<void> {
    try {
      const data = await this.options.read();
      const text = JSON.stringify(data);
      if (text === this.last && this.loaded) return;
      this.config = parseAuthConfig(data);
      this.last = text;
      this.loaded = true;
      this.lastError = '';
    } catch (error) {
      const message = (error as Error).message;
      if (message !== this.lastError) this.options.onError(new Error(`reading kube-system/extension-apiserver-authentication failed: ${message}`, { cause: error }));
      this.lastError = message;
    }
  }
}
