// Runs the `ark` CLI from source (no build needed), for e2e tests that start it as a process.
import { main } from '../../src/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
