// The server side of `npm run bench webhook`, run as its own process so the load generator
// does not share its event loop: `ours` is the admission server as `ark operator` wires it
// (memory cluster, usage cache, metrics); `floor` is an empty express HTTPS handler.
import express from 'express';
import { Registry } from 'prom-client';
import { MemoryUsageLedger, UsageCache } from '../../src/budget/index.js';
import { systemClock } from '../../src/engine/ports.js';
import { listenHttps } from '../../src/server/listen.js';
import type { RunningServer } from '../../src/server/listen.js';
import { MemoryCluster } from '../../webhooks/memory-cluster.js';
import { admissionMetrics } from '../../webhooks/metrics.js';
import { startWebhookServer } from '../../webhooks/server.js';

const [which, certFile, keyFile] = process.argv.slice(2);
if ((which !== 'ours' && which !== 'floor') || !certFile || !keyFile) throw new Error('usage: webhook-server.js ours|floor <cert> <key>');
const tls = { certFile, keyFile };

async function start(): Promise<RunningServer> {
  if (which === 'floor') {
    const app = express();
    app.post(['/validate', '/mutate'], (_req, res) => { res.json({}); });
    return listenHttps(app, { host: '127.0.0.1', port: 0, tls });
  }
  const usage = new UsageCache({ ledger: new MemoryUsageLedger(), clock: systemClock });
  await usage.start();
  return startWebhookServer({ cluster: new MemoryCluster(), usage, clock: systemClock }, {
    host: '127.0.0.1', port: 0, tls, metrics: admissionMetrics(new Registry()), log: (line) => console.error(line),
  });
}

const server = await start();
process.stdout.write(`${server.port}\n`);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
