#!/usr/bin/env -S node --max-semi-space-size=1
// The `ark` command: runs the compiled CLI (npm install builds it through `prepare`).
// A 1 MB young generation: `ark validate` on a 2.6 MiB team then peaks at about 30 MB
// less RSS (95 MB instead of 127, run as `npm run bench large` runs it), for a little more
// time in the garbage collector. --optimize-for-size was measured too: 1–2 MB less, for
// 10–40% more CPU time.
import { main } from '../dist/src/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
