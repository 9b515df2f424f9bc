import { type AiSettings } from '@intake/contracts';
import { type AiProvider, type ModelCall, ProviderError } from './classifier';
import { AnthropicProvider } from './anthropic-provider';
import { LmStudioProvider } from './lmstudio-provider';
import { OllamaProvider } from './ollama-provider';
import { redact } from './provider-failures';
import { RulesProvider } from './rules-provider';

const LABELS = { anthropic: 'Anthropic', ollama: 'Ollama', lmstudio: 'LM Studio', rules: 'Rules' } as const;

/** What the settings lack for this provider, in words for the settings page; null when complete. */
export function configurationProblem(settings: AiSettings): string | null {
  if (settings.provider === 'rules') return null;
  if (!settings.model) return `${LABELS[settings.provider]} needs a model name in the AI settings`;
  if (settings.provider === 'anthropic' && !settings.api_key) return 'Anthropic needs an API key in the AI settings';
  return null;
}

/**
 * The provider the settings name. Incomplete settings still give a provider, whose calls fail
 * with `not_configured`, so a job or the settings page's "test" reports it like any failure.
 */
export function createProvider(settings: AiSettings): AiProvider {
  const problem = configurationProblem(settings);
  if (problem) {
    const refuse = async (): Promise<never> => {
      throw new ProviderError('not_configured', problem);
    };
    return { name: settings.provider, model: settings.model, classify: refuse, test: refuse };
  }
  switch (settings.provider) {
    case 'anthropic':
      return keepingKey(new AnthropicProvider(settings), settings.api_key);
    case 'ollama':
      return keepingKey(new OllamaProvider(settings), settings.api_key);
    case 'lmstudio':
      return keepingKey(new LmStudioProvider(settings), settings.api_key);
    case 'rules':
      return new RulesProvider(settings);
  }
}

/**
 * The provider with the API key taken out of every message its calls end with, however a server
 * echoed it (a proxy's error page, a model list): those messages become a document's failure
 * reason, the settings page's test result and the AI call log (each call's, as it is logged).
 */
function keepingKey(provider: AiProvider, key: string | null): AiProvider {
  if (!key) return provider;
  const guarded = async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
      throw new ProviderError(error.kind, redact(error.message, key), error.usage, error.passing);
    }
  };
  return {
    name: provider.name,
    model: provider.model,
    classify: (input, signal) => {
      const { onCall } = input;
      const logged = onCall && ((call: ModelCall) => onCall({ ...call, error: call.error === null ? null : redact(call.error, key) }));
      return guarded(() => provider.classify({ ...input, onCall: logged }, signal));
    },
    test: (signal) => guarded(async () => {
      const passed = await provider.test(signal);
      return { ...passed, detail: redact(passed.detail, key) };
    }),
  };
}
