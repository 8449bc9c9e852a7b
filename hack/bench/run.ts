// `npm run bench [name]`: with no name, the engine and template figures (main.ts,
// templates.ts); `queue`, the Redis task queue against its baselines (queue.ts).
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { benchQueue } from './queue.js';

const benches: Record<string, () => Promise<void>> = {
  queue: benchQueue,
  '': async () => {
    for (const script of ['main.js', 'templates.js']) {
      execFileSync(process.execPath, [fileURLToPath(new URL(script, import.meta.url))], { stdio: 'inherit' });
    }
  },
};

const name = process.argv[2] ?? '';
const bench = benches[name];
if (!bench) {
  console.error(`unknown bench "${name}"; fix: run npm run bench with one of: ${Object.keys(benches).filter(Boolean).join(', ')}, or none`);
  process.exitCode = 1;
} else {
  await bench();
}
