// Lint: the recommended rules plus a few that keep the code honest (no floating promises,
// no unused values, short parameter lists) and the architecture in shape: src/api and
// src/core stay pure (no Node built-ins, servers, clients or SDKs). Type-aware rules read
// tsconfig.json.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** What the pure layers may not import: I/O and the adapters' libraries. */
const IMPURE_IMPORTS = {
  patterns: [
    { group: ['node:*'], message: 'src/api and src/core are pure: do I/O in a shell or adapter and pass the result in.' },
    {
      group: ['express', 'ioredis', '@kubernetes/*', 'openai', '@anthropic-ai/*', '@modelcontextprotocol/*', 'prom-client', '@opentelemetry/*', 'node-forge'],
      message: 'src/api and src/core import no servers, clients or SDKs (DESIGN.md §1).',
    },
  ],
  paths: ['fs', 'path', 'http', 'https', 'net', 'child_process', 'os', 'crypto', 'events', 'url', 'stream', 'worker_threads'].map((name) => ({
    name, message: 'src/api and src/core are pure: no Node built-ins.',
  })),
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'bin/**', '**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // More than five positional parameters want an options object.
      'max-params': ['error', 5],
    },
  },
  {
    files: ['src/api/**/*.ts', 'src/core/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', IMPURE_IMPORTS] },
  },
);
