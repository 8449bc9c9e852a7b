// `npm run kube:down`: stops the control plane started by kube:up and removes its state.
// Safe to run when nothing is running.
import { defaultStateDir } from './binaries.js';
import { stopControlPlane } from './control-plane.js';
import { errorMessage } from '../../src/core/errors.js';

async function main(): Promise<void> {
  const plane = await stopControlPlane(defaultStateDir());
  console.error(plane === undefined ? 'no control plane was running' : `stopped the control plane at ${plane.server}`);
}

main().catch((err: unknown) => {
  console.error(errorMessage(err));
  process.exitCode = 1;
});
