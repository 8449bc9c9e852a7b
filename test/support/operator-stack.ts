// The whole stack an e2e suite drives: the CRDs, the suite's namespace, a redis-server,
// `ark operator` with its controllers in-process (operator log lines kept in `logs`) and the
// kubelet stand-in running the namespace's agent Deployments as `ark runtime` processes.
import { buildIfStale } from '../../hack/dev/build.js';
import { startOperator } from '../../src/cli/commands/operator.js';
import type { RunningOperator } from '../../src/cli/commands/operator.js';
import { kubectl } from './kube.js';
import { startKubelet } from './kubelet.js';
import type { TestKubelet } from './kubelet.js';
import { devOperatorFlags } from './operator-flags.js';
import { startRedis } from './redis.js';
import type { RedisServer } from './redis.js';

export interface OperatorStack {
  readonly redis: RedisServer;
  readonly operator: RunningOperator;
  readonly kubelet: TestKubelet;
  readonly logs: string[];
  /** Stops the runtimes, the operator and Redis, and deletes the namespace (without waiting). */
  stop(): Promise<void>;
}

/** `crds`: the CRD names (`arkteams.arkonis.dev`) the suite needs Established first. */
export async function startOperatorStack(namespace: string, crds: readonly string[]): Promise<OperatorStack> {
  await buildIfStale(); // the stand-in runs the built bin/ark.js
  await kubectl(['apply', '--server-side', '-f', 'manifests/crds']);
  await kubectl(['wait', '--for=condition=Established', '--timeout=60s', ...crds.map((crd) => `crd/${crd}`)]);
  await kubectl(['create', 'namespace', namespace]);
  const logs: string[] = [];
  const redis = await startRedis();
  const operator = await startOperator(await devOperatorFlags(namespace, redis.url), (line) => logs.push(line))
    .catch(async (error: unknown) => { await redis.stop(); throw error; });
  const kubelet = startKubelet({ namespace });
  return {
    redis, operator, kubelet, logs,
    async stop() {
      await kubelet.stop();
      await operator.stop();
      await redis.stop();
      await kubectl(['delete', 'namespace', namespace, '--wait=false'], { allowFailure: true });
    },
  };
}
