#!/usr/bin/env -S node --max-semi-space-size=1
// The `ark` command: runs the compiled CLI (npm install builds it through `prepare`).
// A 1 MB young generation: a short-lived command that parses a large file then peaks at
// about 20 MB less RSS, for a few percent more time in the garbage collector.
import { main } from '../dist/src/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
