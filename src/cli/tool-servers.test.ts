// Tool servers as ARKONIS users have them, through `ark run`: connected when a role first
// runs, an unreachable one fails only its role (or is left out with --mcp-optional), and a
// server speaking the plain HTTP tool contract is detected and used.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ark } from './testing.js';

let plain: Server;
let plainUrl = '';
let closedUrl = '';
const calls: unknown[] = [];

beforeAll(async () => {
  plain = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => { body += chunk.toString(); });
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      if (req.method === 'POST' && req.url === '/tools/list') {
        res.end(JSON.stringify({ tools: [{ name: 'lookup', description: 'Looks up a customer.', inputSchema: { type: 'object', properties: { id: { type: 'string' } } } }] }));
      } else if (req.method === 'POST' && req.url === '/tools/call') {
        calls.push(JSON.parse(body));
        res.end(JSON.stringify({ content: [{ type: 'text', text: 'customer 42 is Jane Roe' }] }));
      } else {
        res.writeHead(404).end('{}');
      }
    });
  });
  await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
  plainUrl = `http://127.0.0.1:${(plain.address() as AddressInfo).port}`;
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  closedUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/mcp`;
  await new Promise((resolve) => closed.close(resolve));
});
afterAll(() => new Promise((resolve) => plain.close(resolve)));

async function teamFile(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ark-tools-'));
  const file = join(dir, 'team.yaml');
  await writeFile(file, `apiVersion: arkonis.dev/v1alpha1
kind: ArkTeam
metadata: { name: support }
spec:
  roles:
    - name: plain
      model: mock
      systemPrompt: You look things up.
      mcpServers:
        - name: crm
          url: ${plainUrl}
    - name: other
      model: mock
      systemPrompt: You answer.
    - name: broken
      model: mock
      systemPrompt: You use a dead server.
      mcpServers:
        - name: dead
          url: ${closedUrl}
  pipeline:
    - role: plain
      inputs: { prompt: "find customer 42" }
    - role: other
      inputs: { prompt: "say hi" }
    - role: broken
      dependsOn: [plain, other]
      inputs: { prompt: "use the dead tool" }
`);
  await writeFile(join(dir, 'replies.yaml'), `responses:
  - match: customer 42
    toolCalls: [{ name: crm__lookup, arguments: { id: "42" } }]
    reply: "Found: {{tool:crm__lookup}}"
`);
  return file;
}

describe('ark run: tool servers', () => {
  it('uses a plain HTTP tool server, and an unreachable one fails only its role, with a located error', async () => {
    const file = await teamFile();
    const { code, stdout } = await ark(['run', file, '--mock', '--mock-responses', join(file, '..', 'replies.yaml'), '-o', 'json']);
    const report = JSON.parse(stdout) as { status: string; failed_step: string; message: string; steps: { name: string; status: string; output?: string }[] };
    expect(code).toBe(1);
    expect(report.steps.map((step) => [step.name, step.status])).toEqual([['plain', 'Succeeded'], ['other', 'Succeeded'], ['broken', 'Failed']]);
    expect(calls).toEqual([{ name: 'lookup', arguments: { id: '42' } }]);
    expect(report.failed_step).toBe('broken');
    expect(report.message).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:20: spec\\.roles\\[2\\]\\.mcpServers\\[0\\]\\.url: MCP server "dead" at .*cannot connect`));
  });

  it('with --mcp-optional leaves the unreachable server out with one warning', async () => {
    const file = await teamFile();
    const { code, stdout, stderr } = await ark(['run', file, '--mock', '--mcp-optional', '--mock-responses', join(file, '..', 'replies.yaml')]);
    expect(code).toBe(0);
    expect(stdout).toContain('Succeeded');
    expect(stderr.match(/warning: .*spec\.roles\[2\]\.mcpServers\[0\]\.url: MCP server "dead".*left out/g)).toHaveLength(1);
  });
});
