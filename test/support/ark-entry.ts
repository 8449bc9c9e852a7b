// Runs the `ark` CLI from source (node --import tsx), so integration tests can start real
// `ark runtime` processes without a build.
import { main } from '../../src/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
