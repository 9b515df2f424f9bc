import { Injectable } from '@nestjs/common';
import { type AiSettings, AiSettingsSchema, type AiUsage, AppError, type ConnectionTest, forEachAiProvider, type KeptKey, MAX_KEPT_KEYS, type TokenBudgets } from '@intake/contracts';
import { maskSecret } from '@intake/db';
import { createProvider } from '../ai/provider-factory';
import { ProviderError, type TokenUsage } from '../ai/classifier';
import { regexRuleProblems } from './regex-safety';
import { keepsStoredKey, type SettingsInput } from './settings-input';
import { SearchIndex } from '../documents/search-index';
import { AiCallsRepository } from '../processing/ai-calls.repository';
import { SettingsStore } from './settings-store';
import { TextSearchConfigs } from './text-search-configs';

/** The longest a connection test waits, whatever the call timeout: the admin is watching the page. */
const TEST_TIMEOUT_S = 30;

export type MaskedSettings = Omit<AiSettings, 'api_key'> & { api_key: string | null };

/** Reads and changes the AI settings for admins; the API key never leaves unmasked. */
@Injectable()
export class SettingsService {
  constructor(
    private readonly store: SettingsStore,
    private readonly searchConfigs: TextSearchConfigs,
    private readonly calls: AiCallsRepository,
    private readonly searchIndex: SearchIndex,
  ) {}

  async get(): Promise<MaskedSettings> {
    return mask(await this.store.get());
  }

  /** `input` may be worked out from the settings as stored when the change is made. */
  async update(input: SettingsInput | ((current: AiSettings) => SettingsInput)): Promise<MaskedSettings> {
    const { before, after } = await this.store.change((current) => this.merge(typeof input === 'function' ? input(current) : input, current));
    if (after.search_language !== before.search_language) this.searchIndex.rebuild(after.search_language);
    return mask(after);
  }

  /** Tokens each provider spent today (UTC) against its budget, and the latest calls. */
  async usage(): Promise<AiUsage> {
    const [settings, usage] = await Promise.all([this.store.get(), this.calls.usage(50)]);
    return { daily_token_budget: settings.daily_token_budget, ...usage };
  }

  /** Checks the provider with these settings (merged onto the stored ones) without saving them. */
  async test(input: SettingsInput): Promise<ConnectionTest> {
    const settings = await this.merge(input, await this.store.get());
    // A test waits at most TEST_TIMEOUT_S, as the provider's own timeout: its message then says how long it waited.
    const provider = createProvider({ ...settings, timeout_s: Math.min(settings.timeout_s, TEST_TIMEOUT_S) });
    const started = performance.now();
    // Connection tests are provider calls too: they go into the call log, with what they spent.
    const log = (outcome: string, error: string | null, usage?: TokenUsage) =>
      settings.provider === 'rules'
        ? undefined
        : this.calls.record({ provider: settings.provider, model: settings.model, documentId: null, tokensIn: usage?.input_tokens ?? 0, tokensOut: usage?.output_tokens ?? 0, durationMs: performance.now() - started, outcome: `test: ${outcome}`, error });
    // Anthropic's test is a one-token call: it spends from the day's budget like any other and is refused once that is spent.
    const budget = settings.provider === 'anthropic' ? settings.daily_token_budget.anthropic : null;
    if (budget !== null && (await this.calls.tokensToday(settings.provider)) >= budget) {
      return { ok: false, provider: settings.provider, model: settings.model, detail: `Today's token budget for Anthropic (${budget}) is spent: the test, a call too, was not made`, failure: 'budget' };
    }
    try {
      const result = await provider.test();
      await log('ok', null, result.usage);
      return { ok: true, provider: settings.provider, model: result.model, detail: result.detail };
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
      await log(error.kind, error.message);
      return { ok: false, provider: settings.provider, model: settings.model, detail: error.message, failure: error.kind };
    }
  }

  private async merge(input: SettingsInput, current: AiSettings): Promise<AiSettings> {
    const { api_key, kept_keys: _shown, forget_keys, ...rest } = input;
    const merged = {
      ...current,
      ...rest,
      rules: { ...current.rules, ...rest.rules },
      daily_token_budget: mergedBudgets(rest.daily_token_budget, current.daily_token_budget),
    };
    const keys = storedKeys(current);
    // A stored key only ever goes where it was entered for: the provider and address it was entered with.
    const storedKey = keys.find((key) => sameEndpoint(key, merged))?.api_key ?? null;
    const others = keys.filter((key) => !sameEndpoint(key, merged));
    const kept = others.filter((key) => !forget_keys?.some((named) => sameEndpoint(named, key)));
    const candidate = { ...merged, api_key: keepsStoredKey(input) ? storedKey : (api_key?.trim() || null), kept_keys: kept.slice(0, MAX_KEPT_KEYS) };
    const parsed = AiSettingsSchema.safeParse(candidate);
    const fields = parsed.success ? await regexRuleProblems({ ...input.rules }, current.rules) : parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }));
    if (!parsed.success || fields.length) {
      throw new AppError('VALIDATION_FAILED', `Invalid settings: ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`, { fields });
    }
    const settings = parsed.data;
    if (settings.provider !== 'rules' && !settings.model) {
      throw new AppError('VALIDATION_FAILED', `model: pick the ${settings.provider} model to use`, { fields: [{ field: 'model', message: 'required' }] });
    }
    if (settings.provider === 'anthropic' && !settings.api_key) {
      const again = keepsStoredKey(input) && (current.api_key || current.kept_keys.length) ? ` (none is stored for ${settings.base_url ?? 'its default address'}: a stored key goes only to the provider and address it was entered for; enter it again)` : '';
      throw new AppError('VALIDATION_FAILED', `api_key: Anthropic needs an API key${again}`, { fields: [{ field: 'api_key', message: 'required' }] });
    }
    if ((settings.provider === 'ollama' || settings.provider === 'lmstudio') && !settings.base_url) {
      throw new AppError('VALIDATION_FAILED', `base_url: say where ${settings.provider} runs (e.g. http://127.0.0.1:11434)`, { fields: [{ field: 'base_url', message: 'required' }] });
    }
    if (settings.search_language !== current.search_language) {
      const names = await this.searchConfigs.names();
      if (!names.includes(settings.search_language)) {
        throw new AppError('VALIDATION_FAILED', `search_language: PostgreSQL has no text-search configuration "${settings.search_language}"; use one of ${names.join(', ')}`, { fields: [{ field: 'search_language', message: 'unknown' }] });
      }
    }
    return settings;
  }
}

/** One figure (or null) is each provider's; a map changes the providers it names. */
function mergedBudgets(input: SettingsInput['daily_token_budget'], current: TokenBudgets): TokenBudgets {
  if (input === undefined) return current;
  if (input === null || typeof input === 'number') return forEachAiProvider(input);
  const named = Object.entries(input).filter(([, budget]) => budget !== undefined);
  return { ...current, ...Object.fromEntries(named) };
}

function sameEndpoint(a: Pick<AiSettings, 'provider' | 'base_url'>, b: Pick<AiSettings, 'provider' | 'base_url'>): boolean {
  const url = (u: string | null) => (u ?? '').replace(/\/+$/, '');
  return a.provider === b.provider && url(a.base_url) === url(b.base_url);
}

/** Every stored key with its provider and address, newest first: the one in use, then the kept ones. The rules use no key: one stored with them is dropped. */
function storedKeys(current: AiSettings): KeptKey[] {
  if (!current.api_key || current.provider === 'rules') return current.kept_keys;
  const inUse = { provider: current.provider, base_url: current.base_url, api_key: current.api_key };
  return [inUse, ...current.kept_keys.filter((key) => !sameEndpoint(key, inUse))];
}

function mask(settings: AiSettings): MaskedSettings {
  return { ...settings, api_key: maskSecret(settings.api_key), kept_keys: settings.kept_keys.map((key) => ({ ...key, api_key: maskSecret(key.api_key) ?? '' })) };
}
