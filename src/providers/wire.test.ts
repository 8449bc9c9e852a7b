// Providers pointed at a server that speaks another wire format, through the real SDKs
// and a real HTTP server: the error names the provider, the URL and what came back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProvider } from './index.js';
import { startFakeServer } from './testing/fake-server.js';
import { startOpenAIServer, type OpenAIServer } from './testing/openai-server.js';
import type { CompletionRequest } from './types.js';

const ask: CompletionRequest = { model: 'm', messages: [{ role: 'user', content: 'hi' }] };
/** The error a call fails with; a call that succeeds fails the test. */
async function failure(call: Promise<unknown>): Promise<Error> {
  const outcome = await call.then(() => undefined, (error: unknown) => error as Error);
  if (outcome === undefined) throw new Error('expected the call to fail');
  return outcome;
}

const html = '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head></html>';

describe('providers answering in the wrong wire format', () => {
  let server: OpenAIServer;
  beforeAll(async () => { server = await startOpenAIServer(); });
  afterAll(async () => { await server.close(); });

  it('an Anthropic model at an OpenAI-format server names the URL and what came back', async () => {
    const other = await startFakeServer({
      paths: ['/v1/messages'],
      fallback: () => ({ body: { id: 'chatcmpl-1', object: 'chat.completion', choices: [{ message: { content: 'x' } }] } }),
    });
    try {
      const provider = await createProvider('anthropic', { apiKey: 'k', baseURL: other.url, maxRetries: 0 });
      const error = await failure(provider.complete({ ...ask, model: 'claude-sonnet-4-5' }));
      expect(error.message).toBe(`anthropic at ${other.url}/v1/messages: the server answered in the wrong format: expected an Anthropic Messages response (with a "content" list), got a JSON object with keys id, object, choices (an OpenAI chat completion?); fix: point the base URL at a server that speaks the anthropic API, or set the agent's provider to the API the server speaks`);
    } finally {
      await other.close();
    }
  });

  it('reports an HTML page as such, not as a JSON syntax error', async () => {
    server.reply({ raw: html, headers: { 'content-type': 'application/json' } });
    const provider = await createProvider('openai', { apiKey: 'k', baseURL: server.baseURL, maxRetries: 0 });
    const asJson = await failure(provider.complete(ask));
    expect(asJson.message).toMatch(new RegExp(`^openai at ${server.baseURL}: the server answered in the wrong format: a body that is not JSON \\(.*\\); fix: `));
    server.reply({ raw: html, headers: { 'content-type': 'text/html' } });
    const asHtml = await failure(provider.complete(ask));
    expect(asHtml.message).toContain(`openai at ${server.baseURL}/chat/completions: the server answered in the wrong format: expected an OpenAI chat completion (with "choices"), got an HTML page ("<!DOCTYPE html>`);
  });

  it('words the 401 hint by where the key comes from', async () => {
    server.reply({ status: 401, body: { error: { message: 'bad key sk-123' } } });
    const local = await createProvider('openai', { apiKey: 'sk-123', baseURL: server.baseURL, maxRetries: 0, keyHint: 'exported in the shell that runs ark' });
    const error = await failure(local.complete(ask));
    expect(error.message).toBe(`openai at ${server.baseURL}: HTTP 401: the API key was rejected; fix: check OPENAI_API_KEY (exported in the shell that runs ark)`);
    expect(error.message).not.toMatch(/Secret|envFrom|sk-123/);
  });
});
