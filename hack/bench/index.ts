// `npm run bench [name]`: with no name, the engine, template, regex and large-file figures;
// `webhook` runs the admission latency bench, `queue` the Redis task queue against its
// baselines, `operator-runs` a 100-step pipeline through kube-apiserver + Redis + a runtime,
// `operator` that pipeline plus the operator process's memory and reconcile time at 1,000
// ArkAgents, `apiservice` the aggregated API on a real kube-apiserver, `large` the large-file
// memory bench alone. A module runs on import, or through its default export when it has one
// (so another bench can import its parts without running it).
const BENCHES: Record<string, string[]> = {
  default: ['./main.js', './templates.js', './regex.js', './large-file.js'],
  large: ['./large-file.js'],
  webhook: ['./webhook.js'],
  queue: ['./queue.js'],
  'operator-runs': ['./operator-runs.js'],
  operator: ['./operator.js'],
  'operator-scale': ['./operator-scale.js'],
  apiservice: ['./apiservice.js'],
};

const name = process.argv[2] ?? 'default';
const modules = BENCHES[name];
if (modules === undefined) {
  console.error(`npm run bench ${name}: no such bench; fix: use one of ${Object.keys(BENCHES).filter((n) => n !== 'default').join(', ')}, or no name for the default figures`);
  process.exitCode = 1;
} else {
  for (const module of modules) {
    const loaded = await import(module) as { default?: unknown };
    if (typeof loaded.default === 'function') await (loaded.default as () => Promise<void>)();
  }
}
