import { type AiSettings } from '@intake/contracts';
import { type AiProvider, ProviderError } from './classifier';
import { AnthropicProvider } from './anthropic-provider';
import { LmStudioProvider } from './lmstudio-provider';
import { OllamaProvider } from './ollama-provider';
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
      return new AnthropicProvider(settings);
    case 'ollama':
      return new OllamaProvider(settings);
    case 'lmstudio':
      return new LmStudioProvider(settings);
    case 'rules':
      return new RulesProvider(settings);
  }
}
