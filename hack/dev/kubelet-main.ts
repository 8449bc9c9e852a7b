// The kubelet stand-in as a process (started by `npm run dev:up`):
//   node dist/hack/dev/kubelet-main.js <stateDir> <kubeconfig> <binDir> [namespace]
// SIGTERM/SIGINT stop every replica (each gets its grace period) before exiting.
import { startKubelet } from './kubelet.js';

const [stateDir, kubeconfig, binDir, namespace] = process.argv.slice(2);
if (stateDir === undefined || kubeconfig === undefined || binDir === undefined) {
  console.error('usage: kubelet-main <stateDir> <kubeconfig> <binDir> [namespace]');
  process.exit(2);
}
const kubelet = startKubelet({ kube: { kubeconfig, binDir }, stateDir, ...(namespace !== undefined ? { namespace } : {}) });
console.error(`[kubelet] running the arkonis Deployments of ${namespace ?? 'every namespace'}; replica logs in ${stateDir}/pods`);
const shutdown = (): void => {
  void kubelet.stop().then(() => process.exit(0));
};
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
