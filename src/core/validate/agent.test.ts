import { describe, expect, it } from 'vitest';
import { arkAgentSpec, MAX_INLINE_PROMPT_BYTES } from '../../api/index.js';
import type { ArkAgentSpecInput } from '../../api/index.js';
import { agentFieldRules, utf8ByteLength, validateAgentSpec } from './agent.js';
import { forbiddenUrlReason } from './ssrf.js';
import { lines } from './testing.js';

const check = (spec: Partial<ArkAgentSpecInput>) =>
  lines(validateAgentSpec(arkAgentSpec.parse({ model: 'gpt-4o', systemPrompt: 'You help.', ...spec })));

describe('system prompt', () => {
  it('accepts exactly one of systemPrompt and systemPromptRef', () => {
    expect(check({})).toEqual([]);
    expect(check({ systemPrompt: undefined, systemPromptRef: { configMapKeyRef: { name: 'p' } } })).toEqual([]);
    expect(check({ systemPrompt: undefined, systemPromptRef: { fileRef: { path: 'prompt.md' } } })).toEqual([]);
  });

  it('rejects both', () => {
    expect(check({ systemPromptRef: { configMapKeyRef: { name: 'p' } } })).toEqual([
      'error: spec.systemPromptRef: systemPrompt and systemPromptRef are both set; fix: keep exactly one of them',
    ]);
  });

  it('rejects neither on an ArkAgent but only warns on an inline role', () => {
    expect(check({ systemPrompt: undefined })).toEqual([
      'error: spec.systemPrompt: a system prompt is required; fix: set systemPrompt, or systemPromptRef to a ConfigMap or Secret key',
    ]);
    expect(lines(agentFieldRules({}, { promptRequired: false }))).toEqual([
      'warning: systemPrompt: no system prompt: the role runs on its step inputs alone; fix: set systemPrompt, or systemPromptRef to a ConfigMap or Secret key',
    ]);
  });

  it('wants exactly one source in systemPromptRef', () => {
    expect(check({ systemPrompt: undefined, systemPromptRef: {} })).toEqual([
      'error: spec.systemPromptRef: names no source; fix: set exactly one of configMapKeyRef, secretKeyRef, fileRef',
    ]);
    expect(check({ systemPrompt: undefined, systemPromptRef: { configMapKeyRef: { name: 'a' }, secretKeyRef: { name: 'b' } } })).toEqual([
      'error: spec.systemPromptRef: sets configMapKeyRef and secretKeyRef; fix: set exactly one of configMapKeyRef, secretKeyRef, fileRef',
    ]);
  });

  it('limits inline prompts to 50 KB counted in UTF-8 bytes', () => {
    expect(check({ systemPrompt: 'a'.repeat(MAX_INLINE_PROMPT_BYTES) })).toEqual([]);
    // 26,000 characters, 52,000 bytes.
    expect(check({ systemPrompt: 'é'.repeat(26_000) })).toEqual([
      'error: spec.systemPrompt: 52000 bytes exceeds the inline limit of 51200 bytes; fix: move it to a ConfigMap and use systemPromptRef',
    ]);
    expect(utf8ByteLength('aé€😀')).toBe(1 + 2 + 3 + 4);
  });
});

describe('tools and MCP servers', () => {
  it('rejects duplicate names', () => {
    expect(check({
      tools: [{ name: 'search', url: 'http://a' }, { name: 'fetch', url: 'http://b' }, { name: 'search', url: 'http://c' }],
      mcpServers: [{ name: 'git', url: 'http://git' }, { name: 'git', url: 'http://git2' }],
    })).toEqual([
      'error: spec.tools[2].name: duplicate name "search" (also tools[0]); fix: give each entry a unique name',
      'error: spec.mcpServers[1].name: duplicate name "git" (also mcpServers[0]); fix: give each entry a unique name',
    ]);
  });

  it('checks tool inputSchema as JSON Schema, given as text or object', () => {
    expect(check({ tools: [{ name: 't', url: 'http://a', inputSchema: '{"type": "object", "properties": {"q": {"type": "string"}}}' }] })).toEqual([]);
    expect(check({ tools: [{ name: 't', url: 'http://a', inputSchema: { type: 'object' } }] })).toEqual([]);
    const [badText] = check({ tools: [{ name: 't', url: 'http://a', inputSchema: '{"type": object}' }] });
    expect(badText).toMatch(/^error: spec\.tools\[0\]\.inputSchema: JSON Schema is not valid JSON: .*; fix: write a JSON Schema, e\.g\. /);
    expect(check({ tools: [{ name: 't', url: 'http://a', inputSchema: { type: 'objekt' } }] })[0])
      .toMatch(/^error: spec\.tools\[0\]\.inputSchema: invalid JSON Schema: \/type: must be equal to one of the allowed values/);
  });
});

describe('livenessProbe', () => {
  it('needs a validator prompt for semantic probes', () => {
    expect(check({ livenessProbe: { type: 'ping' } })).toEqual([]);
    expect(check({ livenessProbe: { type: 'semantic', validatorPrompt: 'Say OK' } })).toEqual([]);
    expect(check({ livenessProbe: { type: 'semantic' } })).toEqual([
      'error: spec.livenessProbe.validatorPrompt: a semantic probe needs a validator prompt; fix: set validatorPrompt, or use type: ping',
    ]);
  });
});

describe('limits', () => {
  it('keeps maxTokensPerCall within maxDailyTokens', () => {
    expect(check({ limits: { maxTokensPerCall: 1000, maxDailyTokens: 1000 } })).toEqual([]);
    expect(check({ limits: { maxTokensPerCall: 9000, maxDailyTokens: 5000 } })).toEqual([
      'error: spec.limits.maxTokensPerCall: 9000 exceeds limits.maxDailyTokens 5000; fix: lower maxTokensPerCall to at most 5000 or raise maxDailyTokens',
    ]);
  });
});

describe('SSRF guard', () => {
  it.each([
    'http://169.254.169.254/latest/meta-data/',
    'http://169.254.1.2:8080',
    'http://metadata.google.internal/computeMetadata/v1/',
    'http://METADATA/',
    'http://metadata.google.internal./',
    'http://100.100.100.200/latest',
    'http://[fd00:ec2::254]/latest',
    'http://[fe80::1]:8080/',
    'http://[febf::1]/',
    'http://[::ffff:169.254.169.254]/',
    'http://0.0.0.0:8080/',
    'http://[::]/',
    'http://0251.0376.0251.0376/',
    'http://2852039166/',
    'http://0xa9fea9fe/',
  ])('refuses %s', (url) => {
    expect(forbiddenUrlReason(url)).toBeDefined();
  });

  it.each([
    'http://mcp.tools.svc.cluster.local:8080/mcp',
    'https://api.openai.com/v1',
    'http://10.0.0.5/',
    'http://169.255.0.1/',
    'http://[fec0::1]/',
    'http://[2001:db8::1]/',
    'http://metadata-service.internal/',
    'not a url',
  ])('allows %s', (url) => {
    expect(forbiddenUrlReason(url)).toBeUndefined();
  });

  it('checks MCP servers, tools and literal model base URLs in env', () => {
    expect(check({
      mcpServers: [{ name: 'm', url: 'http://169.254.169.254/' }],
      tools: [{ name: 't', url: 'http://metadata.google.internal/' }],
      env: [
        { name: 'OPENAI_BASE_URL', value: 'http://[fd00:ec2::254]/v1' },
        { name: 'ANTHROPIC_BASE_URL', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } },
        { name: 'OTHER_URL', value: 'http://169.254.169.254/' },
        { name: 'ANTHROPIC_BASE_URL', value: 'https://api.anthropic.com' },
      ],
    })).toEqual([
      'error: spec.mcpServers[0].url: "http://169.254.169.254/" is not allowed: 169.254.169.254 is a link-local address (169.254.0.0/16, cloud metadata); fix: point it at a routable service address',
      'error: spec.tools[0].url: "http://metadata.google.internal/" is not allowed: host metadata.google.internal is a cloud metadata endpoint; fix: point it at a routable service address',
      'error: spec.env[0].value: "http://[fd00:ec2::254]/v1" is not allowed: [fd00:ec2::254] is the AWS metadata address; fix: point it at a routable service address',
    ]);
  });
});
