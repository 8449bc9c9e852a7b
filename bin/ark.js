#!/usr/bin/env node
// The `ark` command: runs the compiled CLI (npm install builds it through `prepare`).
import { main } from '../dist/src/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
