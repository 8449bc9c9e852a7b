// Chooses and builds the provider for each agent of a local run. `--provider auto` honours
// each agent's `provider` field and otherwise detects it from the model name (SPEC §4).
import type { CliEnv } from '../../config/cli.js';
import { createProvider, detectProvider, type MockOptions, type Provider, type ProviderName } from '../../providers/index.js';

export type ProviderMode = 'auto' | ProviderName;

/** Auth errors of a local run point at the shell, not at cluster Secrets. */
const LOCAL_KEY_HINT = 'exported in the shell that runs ark';

export class ProviderPool {
  private readonly cache = new Map<ProviderName, Promise<Provider>>();

  constructor(
    private readonly mode: ProviderMode,
    private readonly env: CliEnv,
    private readonly mock: MockOptions,
  ) {}

  /** The provider name an agent will use; throws when its credentials are missing. */
  choose(agent: { model: string; provider?: ProviderName | undefined }, where: string): ProviderName {
    const name = this.mode === 'auto' ? (agent.provider ?? detectProvider(agent.model)) : this.mode;
    if (name === 'openai' && !this.env.OPENAI_API_KEY && !this.env.OPENAI_BASE_URL) {
      throw new Error(`${where}: model ${agent.model} uses the openai provider but neither OPENAI_API_KEY nor OPENAI_BASE_URL is set; fix: export OPENAI_API_KEY, point OPENAI_BASE_URL at an OpenAI-compatible server (Ollama, vLLM), or run with --provider mock`);
    }
    if (name === 'anthropic' && !this.env.ANTHROPIC_API_KEY && !this.env.ANTHROPIC_BASE_URL) {
      throw new Error(`${where}: model ${agent.model} uses the anthropic provider but neither ANTHROPIC_API_KEY nor ANTHROPIC_BASE_URL is set; fix: export ANTHROPIC_API_KEY, or run with --provider mock`);
    }
    return name;
  }

  get(name: ProviderName): Promise<Provider> {
    let provider = this.cache.get(name);
    if (!provider) this.cache.set(name, (provider = this.build(name)));
    return provider;
  }

  private build(name: ProviderName): Promise<Provider> {
    const { env } = this;
    if (name === 'mock') return createProvider('mock', { mock: this.mock });
    if (name === 'anthropic') {
      return createProvider('anthropic', {
        keyHint: LOCAL_KEY_HINT,
        ...(env.ANTHROPIC_API_KEY ? { apiKey: env.ANTHROPIC_API_KEY } : {}),
        ...(env.ANTHROPIC_BASE_URL ? { baseURL: env.ANTHROPIC_BASE_URL } : {}),
      });
    }
    return createProvider('openai', {
      keyHint: LOCAL_KEY_HINT,
      ...(env.OPENAI_API_KEY ? { apiKey: env.OPENAI_API_KEY } : {}),
      ...(env.OPENAI_BASE_URL ? { baseURL: env.OPENAI_BASE_URL } : {}),
    });
  }
}
