// The dev stack's runtime overrides: `--provider <name>` and `--mock-delay <ms>`, given to
// `npm run dev:up` (which hands them to the kubelet stand-in) or to kubelet-main directly.
// They become variables set over every container's env (ARK_PROVIDER, MOCK_DELAY_MS), so
// every `ark runtime` replica runs on that provider whatever model its agent names: the
// examples (gpt-4o-mini, claude-…) run on the mock provider without API keys.
import { parseArgs } from 'node:util';

const PROVIDERS = ['auto', 'openai', 'anthropic', 'mock'];

export interface ParsedOverrides {
  /** Variables to set over every container's env. */
  readonly env: Record<string, string>;
  /** The flags again, for a child process that parses them the same way. */
  readonly argv: string[];
  readonly positionals: string[];
}

/** Throws an Error naming the flag, the value and the fix. */
export function parseRuntimeOverrides(args: readonly string[]): ParsedOverrides {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], allowPositionals: true, options: { provider: { type: 'string' }, 'mock-delay': { type: 'string' } } });
  } catch (error) {
    throw new Error(`${(error as Error).message}; fix: the only flags are --provider <${PROVIDERS.join('|')}> and --mock-delay <ms>`, { cause: error });
  }
  const { provider, 'mock-delay': delay } = parsed.values;
  const env: Record<string, string> = {};
  const argv: string[] = [];
  if (provider !== undefined) {
    if (!PROVIDERS.includes(provider)) throw new Error(`--provider: unknown provider "${provider}"; fix: use one of ${PROVIDERS.join(', ')}`);
    env['ARK_PROVIDER'] = provider;
    argv.push('--provider', provider);
  }
  if (delay !== undefined) {
    if (!/^\d+$/.test(delay)) throw new Error(`--mock-delay: expected whole milliseconds ≥ 0, got "${delay}"; fix: e.g. --mock-delay 400`);
    env['MOCK_DELAY_MS'] = delay;
    argv.push('--mock-delay', delay);
  }
  return { env, argv, positionals: parsed.positionals };
}
