// The kubelet stand-in as a process (started by `npm run dev:up`):
//   node dist/hack/dev/kubelet-main.js <stateDir> <kubeconfig> <binDir> [namespace] [--provider <name>] [--mock-delay <ms>]
// --provider / --mock-delay are set over every replica's env (runtime-overrides.ts).
// SIGTERM/SIGINT stop every replica (each gets its grace period) before exiting.
import { startKubelet } from './kubelet.js';
import { parseRuntimeOverrides, type ParsedOverrides } from './runtime-overrides.js';

let overrides: ParsedOverrides;
try {
  overrides = parseRuntimeOverrides(process.argv.slice(2));
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
const [stateDir, kubeconfig, binDir, namespace] = overrides.positionals;
if (stateDir === undefined || kubeconfig === undefined || binDir === undefined) {
  console.error('usage: kubelet-main <stateDir> <kubeconfig> <binDir> [namespace] [--provider <name>] [--mock-delay <ms>]');
  process.exit(2);
}
const kubelet = startKubelet({ kube: { kubeconfig, binDir }, stateDir, overrideEnv: overrides.env, ...(namespace !== undefined ? { namespace } : {}) });
const forced = Object.entries(overrides.env).map(([name, value]) => `${name}=${value}`).join(' ');
console.error(`[kubelet] running the arkonis Deployments of ${namespace ?? 'every namespace'}${forced ? ` with ${forced}` : ''}; replica logs in ${stateDir}/pods`);
const shutdown = (): void => {
  void kubelet.stop().then(() => process.exit(0));
};
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
