// Keeps the delegated-authentication settings current: the ConfigMap is watched (a feed
// delivers its data at start and on every change), so a rotated front-proxy or client CA
// is used as soon as kube-apiserver publishes it, without a restart. Data that does not
// parse, a deleted ConfigMap and a failing watch keep the last good settings; each distinct
// problem is reported once.
import type { AuthConfig } from './auth-config.js';
import { AUTH_CONFIGMAP, EMPTY_AUTH_CONFIG, parseAuthConfig } from './auth-config.js';

/** A running source of the ConfigMap's data. */
export interface AuthFeed {
  /** Resolves once the first read succeeded or failed (it is retried in the background). */
  start(): Promise<void>;
  stop(): void;
}

export interface AuthFeedHandlers {
  /** The ConfigMap's data; undefined when it does not exist (or was deleted). */
  deliver(data: Readonly<Record<string, string>> | undefined): void;
  failed(error: Error): void;
}

export interface AuthSourceOptions {
  feed(handlers: AuthFeedHandlers): AuthFeed;
  onError(error: Error): void;
  /** The ConfigMap the feed reads, for messages (default kube-system/extension-apiserver-authentication). */
  where?: { namespace: string; name: string };
}

export class AuthSource {
  private config: AuthConfig = EMPTY_AUTH_CONFIG;
  private last = '';
  private lastError = '';
  private loaded = false;
  private feed: AuthFeed | undefined;
  private readonly where: string;

  constructor(private readonly options: AuthSourceOptions) {
    const { namespace, name } = options.where ?? AUTH_CONFIGMAP;
    this.where = `${namespace}/${name}`;
  }

  /** Starts the feed and waits for its first answer (requests are refused until one is good). */
  async start(): Promise<void> {
    this.feed = this.options.feed({ deliver: (data) => this.apply(data), failed: (error) => this.problem(error.message, error) });
    await this.feed.start();
  }

  stop(): void {
    this.feed?.stop();
  }

  current(): AuthConfig {
    return this.config;
  }

  /** Undefined when the settings were read; else why not (for /readyz). */
  notReady(): string | undefined {
    return this.loaded ? undefined : `authentication settings not read yet${this.lastError ? `: ${this.lastError}` : ''}`;
  }

  private apply(data: Readonly<Record<string, string>> | undefined): void {
    if (data === undefined) return this.problem(`${this.where} does not exist${this.loaded ? '; keeping the last settings read' : ''}`);
    const text = JSON.stringify(data);
    if (text === this.last && this.loaded) return;
    try {
      this.config = parseAuthConfig(data);
    } catch (error) {
      return this.problem(`${(error as Error).message}${this.loaded ? '; keeping the last settings read' : ''}`, error);
    }
    this.last = text;
    this.loaded = true;
    this.lastError = '';
  }

  private problem(message: string, cause?: unknown): void {
    if (message !== this.lastError) this.options.onError(new Error(`reading ${this.where} failed: ${message}`, { cause }));
    this.lastError = message;
  }
}
