// The behaviour every real provider adapter must show, whatever its wire format: auth
// and request errors are final and never leak the key, 429/5xx/timeouts are retried
// within maxRetries (honouring retry-after), aborts stop at once, unreachable
// endpoints are network errors, and a key is needed unless a base URL is given. Each
// adapter's test file calls providerContract() with a harness for its fake server and
// uses providerFixture() for its own wire-format tests.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InstantClock } from '../../engine/fake-clock.js';
import { createProvider, type ProviderOptions } from '../index.js';
import type { CompletionRequest, Provider } from '../types.js';
import type { FakeServer, ScriptedReply } from './fake-server.js';

export type RealProviderName = 'openai' | 'anthropic';

export interface ProviderHarness {
  /** A model name this adapter serves. */
  model: string;
  /** The variable auth errors tell the user to set. */
  keyVariable: string;
  /** Starts a fake server; baseURL is the value for the provider's baseURL option. */
  start(): Promise<{ server: FakeServer; baseURL: string }>;
  /** A plain text answer in the adapter's wire format. */
  text(content: string): ScriptedReply;
  /** An error response in the adapter's wire format. */
  error(status: number, message: string, headers?: Record<string, string>): ScriptedReply;
}

export interface ProviderFixture {
  /** The fake server of the current test. */
  readonly server: FakeServer;
  readonly baseURL: string;
  /** Delays the provider asked to sleep between retries (recorded, not waited). */
  readonly sleeps: number[];
  /** The adapter, pointed at the fake server with TEST_API_KEY; options override. */
  provider(options?: ProviderOptions): Promise<Provider>;
  /** A request with a system prompt and one user message. */
  ask(content: string, extra?: Partial<CompletionRequest>): CompletionRequest;
}

export const TEST_API_KEY = 'sk-test-secret-123';

/** Starts a fresh fake server before each test of the enclosing suite and closes it after. */
export function providerFixture(name: RealProviderName, harness: ProviderHarness): ProviderFixture {
  let current: { server: FakeServer; baseURL: string } | undefined;
  let clock = new InstantClock();
  beforeEach(async () => {
    current = await harness.start();
    clock = new InstantClock();
  });
  afterEach(() => current?.server.close());
  const started = () => {
    if (!current) throw new Error('providerFixture: the fake server is only available inside a test');
    return current;
  };
  return {
    get server() {
      return started().server;
    },
    get baseURL() {
      return started().baseURL;
    },
    get sleeps() {
      return clock.waits;
    },
    provider: (options = {}) =>
      createProvider(name, { apiKey: TEST_API_KEY, baseURL: started().baseURL, clock, ...options }),
    ask: (content, extra = {}) => ({
      model: harness.model,
      messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content }],
      ...extra,
    }),
  };
}

export function providerContract(name: RealProviderName, harness: ProviderHarness): void {
  describe(`${name}: provider contract`, () => {
    const fx = providerFixture(name, harness);
    const failure = async (provider: Promise<Provider>): Promise<unknown> => (await provider).complete(fx.ask('q')).catch((e: unknown) => e);

    it('does not retry 401 and never shows the key', async () => {
      fx.server.reply(harness.error(401, `invalid API key ${TEST_API_KEY}`));
      const err = await failure(fx.provider());
      expect(err).toMatchObject({ name: 'ProviderError', provider: name, kind: 'auth', status: 401, retryable: false });
      expect(String(err)).toContain(`check ${harness.keyVariable} (from a Secret via envFrom)`);
      expect(String(err)).not.toContain(TEST_API_KEY);
      expect(fx.server.requests).toHaveLength(1);
    });

    it('does not retry 400 and passes on the server explanation', async () => {
      fx.server.reply(harness.error(400, `max_tokens is too large (key ${TEST_API_KEY})`));
      const err = await failure(fx.provider());
      expect(err).toMatchObject({ kind: 'bad_request', status: 400, retryable: false, message: expect.stringContaining('max_tokens is too large') });
      expect(String(err)).not.toContain(TEST_API_KEY);
      expect(fx.server.requests).toHaveLength(1);
    });

    it('honours retry-after on 429, then succeeds', async () => {
      fx.server.reply(harness.error(429, 'slow down', { 'retry-after': '2' }), harness.text('done'));
      expect((await (await fx.provider()).complete(fx.ask('q'))).content).toBe('done');
      expect(fx.sleeps).toEqual([2000]);
      expect(fx.server.requests).toHaveLength(2);
    });

    it('retries a 500 with jittered backoff, then succeeds', async () => {
      fx.server.reply(harness.error(500, 'boom'), harness.text('done'));
      expect((await (await fx.provider()).complete(fx.ask('q'))).content).toBe('done');
      expect(fx.sleeps).toHaveLength(1);
      expect(fx.sleeps[0]).toBeGreaterThanOrEqual(250);
      expect(fx.sleeps[0]).toBeLessThanOrEqual(500);
    });

    it('gives up after maxRetries on a persistent 5xx', async () => {
      fx.server.reply(harness.error(500, 'boom'), harness.error(502, 'boom'), harness.error(503, 'Overloaded'), harness.text('never'));
      const err = await failure(fx.provider({ maxRetries: 2 }));
      expect(err).toMatchObject({ kind: 'server', status: 503, retryable: true, message: expect.stringContaining('Overloaded') });
      expect(fx.server.requests).toHaveLength(3);
      expect(fx.sleeps).toHaveLength(2);
    });

    it('times out a server that never answers, retrying once', async () => {
      fx.server.reply({ hang: true }, { hang: true });
      const err = await failure(fx.provider({ timeoutMs: 150, maxRetries: 1 }));
      expect(err).toMatchObject({ kind: 'timeout', retryable: true, message: expect.stringContaining('150 ms') });
      expect(fx.server.requests).toHaveLength(2);
    });

    it('stops at once when the caller aborts', async () => {
      fx.server.reply({ hang: true });
      const controller = new AbortController();
      const pending = (await fx.provider()).complete(fx.ask('q', { signal: controller.signal }));
      while (fx.server.requests.length === 0) await new Promise((resolve) => setImmediate(resolve));
      controller.abort();
      await expect(pending).rejects.toMatchObject({ kind: 'aborted', retryable: false });
      expect(fx.server.requests).toHaveLength(1);
      expect(fx.sleeps).toEqual([]);
    });

    it('reports an unreachable endpoint as a network error', async () => {
      const closed = await harness.start();
      await closed.server.close();
      const provider = await createProvider(name, { baseURL: closed.baseURL, maxRetries: 1, clock: new InstantClock() });
      await expect(provider.complete(fx.ask('q'))).rejects.toMatchObject({ kind: 'network', retryable: true, message: expect.stringContaining('check the base URL') });
    });

    it('needs an API key unless a base URL is given', async () => {
      await expect(createProvider(name, {})).rejects.toMatchObject({ kind: 'auth', message: expect.stringContaining(harness.keyVariable) });
      const keyless = await createProvider(name, { baseURL: fx.baseURL });
      expect((await keyless.complete({ model: harness.model, messages: [{ role: 'user', content: 'hi' }] })).content).toBe('Echo: hi');
    });
  });
}
