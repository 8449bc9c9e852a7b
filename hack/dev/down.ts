// `npm run dev:down`: stops everything `npm run dev:up` started (also after a partial start).
import { errorMessage } from '../../src/core/errors.js';
import { stackDir, stopStack } from './stack.js';

async function main(): Promise<void> {
  const dir = stackDir();
  console.error((await stopStack(dir)) ? `dev stack stopped (${dir})` : 'dev stack is not running');
}

main().catch((err: unknown) => {
  console.error(errorMessage(err));
  process.exitCode = 1;
});
