// Runs the ArkRun controller alone in a process of its own, so an e2e test can kill -9 it
// mid-run and start another. Env: KUBECONFIG, REDIS_URL. Log lines and Kubernetes Events
// (as `event <type> <reason> <ns>/<name>: <message>`) go to stderr.
import { startRunController } from '../../src/controller/runs/index.js';
import { systemClock } from '../../src/engine/clock.js';
import { kubeClients } from '../../src/kube/client.js';

const log = (line: string): void => { process.stderr.write(`${line}\n`); };
const controller = await startRunController({
  clients: kubeClients(process.env.KUBECONFIG), redisUrl: process.env.REDIS_URL ?? '', clock: systemClock, log,
  recordEvent: (regarding, type, reason, message) => log(`event ${type} ${reason} ${regarding.namespace}/${regarding.name}: ${message}`),
});
process.once('SIGTERM', () => void controller.stop().then(() => process.exit(0)));
