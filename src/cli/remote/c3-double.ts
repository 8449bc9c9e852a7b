// TEST DOUBLE of the ARKONIS aggregated API's shape (contract C3) and of the ArkRun reads of
// the Kubernetes API, over real HTTPS with a real CA: it checks that the client sends the
// kubeconfig's credentials and the C3 paths, queries and bodies, and answers as C3 says.
// It stands in only where the real server is not started (unit tier); e2e tests run the
// real aggregated server behind a real kube-apiserver.
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { createCA, issueCert, type CertAuthority } from '../../../hack/kube-env/certs.js';

export interface Recorded { method: string; url: string; body: string; user: string }

export type Handler = (req: Recorded, res: ServerResponse) => void | Promise<void>;

export interface C3Double {
  url: string;
  ca: CertAuthority;
  /** A client pair the double accepts (user `alice`). */
  client: { certPem: string; keyPem: string };
  token: string;
  requests: Recorded[];
  /** Routes by "METHOD /path" (no query); anything else is a 404 Status. */
  routes: Map<string, Handler>;
  close(): Promise<void>;
}

export async function startC3Double(): Promise<C3Double> {
  const ca = createCA('c3-double-ca');
  const serving = issueCert(ca, { commonName: 'localhost', ipAddresses: ['127.0.0.1'], dnsNames: ['localhost'], usage: 'server' });
  const client = issueCert(ca, { commonName: 'alice', usage: 'client' });
  const token = 'double-token-123';
  const requests: Recorded[] = [];
  const routes = new Map<string, Handler>();
  const server: Server = createServer({ key: serving.keyPem, cert: serving.certPem, ca: ca.certPem, requestCert: true, rejectUnauthorized: false }, (req, res) => {
    void handle(req, res, { routes, requests, token });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`, ca, client, token, requests, routes,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, double: { routes: Map<string, Handler>; requests: Recorded[]; token: string }): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  const user = authenticate(req, double.token);
  const recorded = { method: req.method ?? '', url: req.url ?? '', body: Buffer.concat(chunks).toString('utf8'), user: user ?? '' };
  double.requests.push(recorded);
  if (user === undefined) return sendStatus(res, 401, 'Unauthorized', 'Unauthorized');
  const route = double.routes.get(`${recorded.method} ${recorded.url.split('?')[0]}`);
  if (!route) return sendStatus(res, 404, 'NotFound', 'the server could not find the requested resource');
  await route(recorded, res);
}

/** The verified client certificate's CN, or `token` for the bearer token, as kube-apiserver would. */
function authenticate(req: IncomingMessage, token: string): string | undefined {
  const socket = req.socket as TLSSocket;
  if (socket.authorized) return socket.getPeerCertificate().subject?.CN as string | undefined;
  return req.headers.authorization === `Bearer ${token}` ? 'token' : undefined;
}

export function sendJson(res: ServerResponse, code: number, body: unknown): void {
  res.writeHead(code, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}

export function sendStatus(res: ServerResponse, code: number, reason: string, message: string): void {
  sendJson(res, code, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });
}
