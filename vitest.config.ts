import { defineConfig } from 'vitest/config';

// Three tiers (DESIGN.md §3). `npm test` runs them all; `vitest run --project <tier>` runs one
// (npm scripts test:unit, test:integration, test:e2e).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'hack/**/*.test.ts', 'webhooks/**/*.test.ts', 'apiservice/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        // Real redis-server per suite (test/support/redis.ts).
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        // Real etcd + kube-apiserver, brought up once per run by the global setup (which builds
        // the binaries on first use) and shared by all files, which therefore run one at a time.
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/e2e/global-setup.ts'],
          // fileParallelism is a root-only option; one fork per project serialises the files.
          pool: 'forks',
          poolOptions: { forks: { singleFork: true } },
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
