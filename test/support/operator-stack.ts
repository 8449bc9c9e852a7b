// The whole product for one e2e suite: the CRDs, the suite's namespace, a redis-server,
// `ark operator` in-process (controllers and webhooks, devOperatorFlags) and the kubelet
// stand-in running the namespace's agent Deployments as `ark runtime` processes.
import { buildIfStale } from '../../hack/dev/build.js';
import { startOperator, type RunningOperator } from '../../src/cli/commands/operator.js';
import { kubectl } from './kube.js';
import { startKubelet, type KubeletOptions, type TestKubelet } from './kubelet.js';
import { devOperatorFlags } from './operator-flags.js';
import { startRedis, type RedisServer } from './redis.js';

export interface OperatorStack {
  readonly redis: RedisServer;
  readonly operator: RunningOperator;
  readonly kubelet: TestKubelet;
  /** The operator's log lines so far. */
  readonly logs: readonly string[];
  /** The operator's log and every replica's log so far (for assertion messages). */
  diagnostics(): string;
  /** Stops the stand-in, the operator and redis, and deletes the namespace. */
  stop(): Promise<void>;
}

export async function startOperatorStack(namespace: string, kubelet: Omit<KubeletOptions, 'namespace'> = {}): Promise<OperatorStack> {
  await buildIfStale(); // the stand-in runs the built bin/ark.js
  await kubectl(['apply', '--server-side', '-f', 'manifests/crds']);
  await kubectl(['wait', '--for=condition=Established', '--timeout=60s', 'crd/arkagents.arkonis.dev', 'crd/arkteams.arkonis.dev', 'crd/arkruns.arkonis.dev', 'crd/arkservices.arkonis.dev']);
  await kubectl(['create', 'namespace', namespace]);
  const logs: string[] = [];
  const redis = await startRedis();
  const operator = await startOperator(await devOperatorFlags(namespace, redis.url), (line) => logs.push(line))
    .catch(async (error: unknown) => { await redis.stop(); throw error; });
  const standIn = startKubelet({ namespace, ...kubelet });
  return {
    redis, operator, kubelet: standIn, logs,
    diagnostics: () => `operator:\n${logs.join('\n')}\nruntimes:\n${standIn.logs()}`,
    stop: async () => {
      await standIn.stop();
      await operator.stop();
      await redis.stop();
      await kubectl(['delete', 'namespace', namespace, '--wait=false'], { allowFailure: true });
    },
  };
}
