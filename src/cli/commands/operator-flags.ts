// The `ark operator` command line: flags (each part can be switched off), defaults from the
// environment, and checks that name the flag, the value and the fix. The operator itself
// (client-node, express, ioredis, prom-client) is imported only when the command runs, so
// `ark run` and `ark validate` start without loading it.
import { hostname } from 'node:os';
import { InvalidArgumentError, Option } from 'commander';
import type { Command } from 'commander';
import { DEFAULT_DEV_CERT_DIR, parseOperatorEnv } from '../../config/operator.js';
import { packageVersion } from '../version.js';
import { UsageError } from './io.js';
import type { Io } from './io.js';
import type { OperatorFlags } from './operator.js';

/** Where cert-manager (or a mounted Secret) puts the serving pair by convention. */
const DEFAULT_CERT_DIR = '/tmp/k8s-webhook-server/serving-certs';

export function addOperatorCommand(program: Command, io: Io, env: NodeJS.ProcessEnv, setCode: (code: number) => void): void {
  const config = parseOperatorEnv(env);
  program.command('operator')
    .description('run the in-cluster operator: admission webhooks (validate, default, token budgets), metrics and health')
    .option('--kubeconfig <file>', 'kubeconfig to use (default: KUBECONFIG, in-cluster service account, ~/.kube/config)', config.KUBECONFIG)
    .option('--no-webhooks', 'do not serve the admission webhooks')
    .option('--no-apiservice', 'do not serve the aggregated API runtime.arkonis.dev')
    .addOption(new Option('--apiservice-port <port>', 'HTTPS port of the aggregated API').argParser(port('--apiservice-port')).default(8443))
    .option('--no-budgets', 'do not enforce token budgets (no Redis needed)')
    .option('--no-controllers', 'do not run the reconciler (ArkAgent → Deployment …); webhooks only')
    .option('--agent-image <image>', 'image of the agent pods (`ark runtime`)', `ghcr.io/arkonis/ark:${packageVersion()}`)
    .addOption(new Option('--agent-image-pull-policy <policy>', 'imagePullPolicy of the agent pods').choices(['Always', 'IfNotPresent', 'Never']).default('IfNotPresent'))
    .option('--host <address>', 'address the servers listen on', '0.0.0.0')
    .addOption(new Option('--webhook-port <port>', 'HTTPS port of the admission webhooks').argParser(port('--webhook-port')).default(9443))
    .addOption(new Option('--metrics-port <port>', 'plain-HTTP port of /metrics, /healthz and /readyz').argParser(port('--metrics-port')).default(8080))
    .option('--tls-cert-file <file>', 'serving certificate (PEM), reloaded when it changes', `${DEFAULT_CERT_DIR}/tls.crt`)
    .option('--tls-key-file <file>', 'serving key (PEM), reloaded when it changes', `${DEFAULT_CERT_DIR}/tls.key`)
    .option('--redis-url <url>', 'Redis holding token usage (default: TASK_QUEUE_URL)', config.TASK_QUEUE_URL)
    .option('--namespace <ns>', 'the operator\'s own namespace (never under its webhooks); holds the leader Lease', 'arkonis-system')
    .option('--no-leader-elect', 'run the controllers without holding the Lease arkonis-operator (one replica only)')
    .addOption(new Option('--lease-duration-seconds <s>', 'how long the Lease stays held without a renewal').argParser(seconds('--lease-duration-seconds')).default(15))
    .addOption(new Option('--lease-renew-seconds <s>', 'the leader stops leading when it could not renew for this long').argParser(seconds('--lease-renew-seconds')).default(10))
    .addOption(new Option('--lease-retry-seconds <s>', 'how often the Lease is renewed or tried').argParser(seconds('--lease-retry-seconds')).default(2))
    .option('--dev-register', 'serve on 127.0.0.1 with dev certs and register the webhooks with the cluster until exit')
    .option('--dev-cert-dir <dir>', 'where --dev-register keeps its dev CA and serving cert', DEFAULT_DEV_CERT_DIR)
    .option('--dev-namespace <ns>', 'with --dev-register: apply the webhooks to this namespace only')
    .option('--dev-config-name <name>', 'with --dev-register: name of the webhook configurations', 'arkonis-dev')
    .action(async (options: Omit<OperatorFlags, 'devRegister' | 'leaseIdentity'> & { devRegister?: boolean }) => {
      checkLeaseTimings(options);
      const { operatorCommand } = await import('./operator.js');
      const leaseIdentity = config.POD_NAME ?? `${hostname()}_${process.pid}`;
      setCode(await operatorCommand({ ...options, devRegister: options.devRegister === true, leaseIdentity }, io));
    });
}

function port(flag: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0 || n > 65_535) throw new InvalidArgumentError(`${flag}: expected a port 0-65535, got "${value}"`);
    return n;
  };
}

function seconds(flag: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${flag}: expected whole seconds ≥ 1, got "${value}"`);
    return n;
  };
}

/** client-go's rule: the Lease outlives the renew deadline, which outlives a retry. */
export function checkLeaseTimings(flags: Pick<OperatorFlags, 'leaseDurationSeconds' | 'leaseRenewSeconds' | 'leaseRetrySeconds'>): void {
  const { leaseDurationSeconds: duration, leaseRenewSeconds: renew, leaseRetrySeconds: retry } = flags;
  if (duration <= renew) {
    throw new UsageError([`--lease-duration-seconds ${duration} must be greater than --lease-renew-seconds ${renew}; fix: raise the duration or lower the renew deadline`]);
  }
  if (renew <= retry) {
    throw new UsageError([`--lease-renew-seconds ${renew} must be greater than --lease-retry-seconds ${retry}; fix: raise the renew deadline or lower the retry period`]);
  }
}
