import { defineConfig } from 'vitest/config';

// Three tiers (DESIGN.md §3). `npm test` runs them all; `vitest run --project <tier>` runs one.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'hack/**/*.test.ts'],
          environment: 'node',
        },
      },
    ],
  },
});
