'use client';
import { type FormEvent, useState } from 'react';
import { api, errorMessage } from '../api';
import type { AiSettings, ConnectionTest, KeptKey } from '../types';
import { RulesEditor } from './rules-editor';
import { changedSettings } from './settings-changes';

const PROVIDER_NAMES: Record<AiSettings['provider'], string> = {
  rules: 'Rules (offline, no AI)',
  anthropic: 'Anthropic',
  ollama: 'Ollama',
  lmstudio: 'LM Studio (OpenAI-compatible)',
};

type Budgets = AiSettings['daily_token_budget'];
/** The providers that spend tokens, each with a budget of its own (a record, so none can be left out). */
const AI_PROVIDERS = Object.keys({ anthropic: true, ollama: true, lmstudio: true } satisfies Record<keyof Budgets, true>) as (keyof Budgets)[];

const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter(Boolean);
const numberOrNull = (value: FormDataEntryValue | null) => (String(value ?? '').trim() === '' ? null : Number(value));

/** What the form says, as PUT /api/settings takes it; the key goes back as shown (masked) unless replaced. */
function readForm(form: FormData): Partial<AiSettings> {
  return {
    provider: String(form.get('provider')) as AiSettings['provider'],
    model: String(form.get('model') ?? '').trim(),
    base_url: String(form.get('base_url') ?? '').trim() || null,
    api_key: String(form.get('api_key') ?? '') || null,
    max_file_mb: Number(form.get('max_file_mb')),
    max_pages: Number(form.get('max_pages')),
    max_text_chars: Number(form.get('max_text_chars')),
    timeout_s: Number(form.get('timeout_s')),
    daily_token_budget: Object.fromEntries(AI_PROVIDERS.map((name) => [name, numberOrNull(form.get(`budget_${name}`))])) as Budgets,
    search_language: String(form.get('search_language') ?? '').trim(),
    document_types: lines(String(form.get('document_types') ?? '')),
    categories: lines(String(form.get('categories') ?? '')),
  };
}

/** What the key field holds: the stored key of the provider and address chosen, or the one to enter. */
function keyHint(movesEndpoint: boolean, storedKey: string | null | undefined, keptFor: string | null): string {
  if (!movesEndpoint) return 'Shown masked; leave it as it is to keep the stored key, clear it to remove the key.';
  const away = keptFor ? `The ${keptFor} key stays kept for ${keptFor}. ` : '';
  return away + (storedKey ? 'The key kept for this provider and address is shown masked: leave it to use it, clear it to remove it.' : 'Enter the key of this provider, if it needs one.');
}

interface Props {
  settings: AiSettings;
  /** The settings as stored after a save (key masked). */
  onSaved: (next: AiSettings) => void;
  /** The admin changed something that is not saved yet. */
  onEdited: () => void;
  /** A connection test ran (it is logged as an AI call). */
  onTested: () => void;
}

/** Ollama and LM Studio are asked for their address: in a container, the default 127.0.0.1 is rarely them. */
const BASE_URL_HINTS: Record<AiSettings['provider'], string> = {
  anthropic: 'https://api.anthropic.com when empty',
  ollama: 'required, e.g. http://127.0.0.1:11434',
  lmstudio: 'required, e.g. http://127.0.0.1:1234',
  rules: 'not used by the rules',
};

/** What the model field suggests for each provider. */
const MODEL_HINTS: Record<AiSettings['provider'], string> = {
  anthropic: 'e.g. claude-sonnet-4-5',
  ollama: 'e.g. llama3.1 (a model pulled into Ollama)',
  lmstudio: 'e.g. qwen2.5-7b-instruct (a model loaded in LM Studio)',
  rules: 'not used by the rules',
};

export function SettingsForm({ settings, onSaved, onEdited, onTested }: Props) {
  const [provider, setProvider] = useState(settings.provider);
  const [model, setModel] = useState(settings.model);
  const [baseUrl, setBaseUrl] = useState(settings.base_url ?? '');
  // The model and address typed for each provider chosen so far: another provider's would only be refused by it.
  const [typedFor, setTypedFor] = useState<Partial<Record<AiSettings['provider'], { model: string; baseUrl: string }>>>({
    [settings.provider]: { model: settings.model, baseUrl: settings.base_url ?? '' },
  });
  const chooseProvider = (next: AiSettings['provider']) => {
    setTypedFor({ ...typedFor, [provider]: { model, baseUrl } });
    // A provider not chosen before starts from the address its kept key was entered for, if any.
    const earlier = typedFor[next] ?? { model: '', baseUrl: settings.kept_keys.find((key) => key.provider === next)?.base_url ?? '' };
    setProvider(next);
    setModel(earlier.model);
    setBaseUrl(earlier.baseUrl);
    forgetTyped(true);
  };
  // The key field shows the stored key (masked) of the provider and address chosen, until the admin types in it.
  const [typedKey, setTypedKey] = useState<string | null>(null);
  // Kept keys the admin chose to forget: only these are named, so a key kept meanwhile by another admin stays.
  const [forgotten, setForgotten] = useState<KeptKey[]>([]);
  const kept = settings.kept_keys.filter((key) => !forgotten.includes(key));
  const [rules, setRulesState] = useState(settings.rules);
  // Adding or removing a rule is a click, not a change event of the form: say so too.
  const setRules = (next: AiSettings['rules']) => {
    setRulesState(next);
    onEdited();
  };
  // The lists as typed so far, so a rule can name a type or category added a moment ago.
  const [lists, setLists] = useState({ document_types: settings.document_types, categories: settings.categories });
  const [problem, setProblem] = useState<string | null>(null);
  const [test, setTest] = useState<ConnectionTest | null>(null);
  const [busy, setBusy] = useState(false);

  async function run(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const input = { ...readForm(new FormData(event.currentTarget)), rules };
    const forget = forgotten.length ? { forget_keys: forgotten.map(({ provider: p, base_url }) => ({ provider: p, base_url })) } : {};
    setBusy(true);
    setProblem(null);
    setTest(null);
    try {
      if (submitter?.value === 'test') {
        setTest(await api<ConnectionTest>('/settings/test', { json: { ...input, ...forget } }));
        onTested();
      } else {
        const changes = changedSettings(settings, input);
        // On another provider or address the field holds that one's key: masked to keep it, empty for none.
        if (movesEndpoint) changes.api_key = input.api_key;
        onSaved(await api<AiSettings>('/settings', { method: 'PUT', json: { ...changes, ...forget } }));
      }
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setBusy(false);
    }
  }

  // The server sends a stored key only to the provider and address it was entered for.
  const sameUrl = (a: string | null, b: string | null) => (a ?? '').trim().replace(/\/+$/, '') === (b ?? '').trim().replace(/\/+$/, '');
  const movesEndpoint = provider !== settings.provider || !sameUrl(baseUrl, settings.base_url);
  const storedKey = movesEndpoint ? kept.find((key) => key.provider === provider && sameUrl(key.base_url, baseUrl))?.api_key : settings.api_key;
  const keyField = typedKey ?? storedKey ?? '';
  // A key typed for one provider is not another's; a mask in the field is a stored key shown, not one typed.
  const forgetTyped = (everything: boolean) => (everything || typedKey?.startsWith('••••')) && setTypedKey(null);
  const keyMovesAway = movesEndpoint && !!settings.api_key && settings.provider !== 'rules';
  return (
    <form className="fields" onSubmit={(e) => void run(e)} onChange={onEdited}>
      <label>
        Provider
        <select name="provider" value={provider} onChange={(e) => chooseProvider(e.target.value as AiSettings['provider'])}>
          {Object.entries(PROVIDER_NAMES).map(([p, name]) => <option key={p} value={p}>{name}</option>)}
        </select>
      </label>
      <label>
        Model
        <input name="model" autoComplete="off" required={provider !== 'rules'} maxLength={200} value={model} onChange={(e) => setModel(e.target.value)} placeholder={MODEL_HINTS[provider]} />
      </label>
      <label className="wide">
        Base URL
        <input name="base_url" type="url" autoComplete="off" value={baseUrl} onChange={(e) => { setBaseUrl(e.target.value); forgetTyped(false); }} placeholder={BASE_URL_HINTS[provider]} />
      </label>
      <label className="wide">
        API key
        {/* new-password: browsers must not autofill the user's own sign-in password here. */}
        {/* The masked key is selected on focus, so a key pasted in replaces it (one pasted after it is refused). */}
        <input
          name="api_key"
          type="password"
          autoComplete="new-password"
          value={keyField}
          onChange={(e) => setTypedKey(e.target.value)}
          onFocus={(e) => typedKey === null && !!storedKey && e.currentTarget.select()}
          placeholder="none stored"
          data-testid="api-key"
        />
        <span className="muted small" data-testid="api-key-hint">{provider === 'rules' ? 'The offline rules need no key and no address.' : keyHint(movesEndpoint, storedKey, keyMovesAway ? PROVIDER_NAMES[settings.provider] : null)}</span>
      </label>
      {kept.length > 0 && (
        <div className="wide" data-testid="kept-keys">
          Keys kept for other providers (each is sent only to its own provider and address)
          <ul>
            {kept.map((key) => (
              <li key={`${key.provider} ${key.base_url ?? ''}`}>
                {PROVIDER_NAMES[key.provider]} at {key.base_url ?? 'its default address'}: {key.api_key}{' '}
                <button type="button" className="secondary" aria-label={`Forget the ${PROVIDER_NAMES[key.provider]} key for ${key.base_url ?? 'its default address'}`} onClick={() => { setForgotten([...forgotten, key]); onEdited(); }}>Forget</button>
              </li>
            ))}
          </ul>
        </div>
      )}
      <label>Largest PDF (MB)<input name="max_file_mb" type="number" min="0.01" max="1024" step="any" defaultValue={settings.max_file_mb} required /></label>
      <label>Pages read per PDF<input name="max_pages" type="number" min="1" max="10000" defaultValue={settings.max_pages} required /></label>
      <label>Characters sent to the AI<input name="max_text_chars" type="number" min="500" max="500000" defaultValue={settings.max_text_chars} required /></label>
      <label>AI call timeout (s)<input name="timeout_s" type="number" min="1" max="600" step="any" defaultValue={settings.timeout_s} required /></label>
      <fieldset className="wide">
        <legend>Daily token budget (in + out, per UTC day)</legend>
        {AI_PROVIDERS.map((name) => (
          <label key={name}>
            {PROVIDER_NAMES[name]}
            <input name={`budget_${name}`} type="number" min="1" step="1" defaultValue={settings.daily_token_budget[name] ?? ''} placeholder="no limit" />
          </label>
        ))}
      </fieldset>
      <label>Search language<input name="search_language" defaultValue={settings.search_language} pattern="[a-z_]+" required /></label>
      <label>
        Document types, one per line
        <textarea name="document_types" rows={6} defaultValue={settings.document_types.join('\n')} onChange={(e) => setLists({ ...lists, document_types: lines(e.target.value) })} />
      </label>
      <label>
        Suggested categories, one per line
        <textarea name="categories" rows={6} defaultValue={settings.categories.join('\n')} onChange={(e) => setLists({ ...lists, categories: lines(e.target.value) })} />
      </label>
      <RulesEditor
        title="Type rules"
        names={lists.document_types}
        rules={rules.document_types}
        note="Built-in English and Portuguese rules still find invoices, receipts, contracts, bank statements and letters, for each of these types that is in the list and has no rule of its own here."
        onChange={(next) => setRules({ ...rules, document_types: next })}
      />
      <RulesEditor title="Category rules" names={lists.categories} rules={rules.categories} onChange={(next) => setRules({ ...rules, categories: next })} />
      {problem && <p className="error wide" role="alert">{problem}</p>}
      {test && (
        <p className={`wide ${test.ok ? 'notice' : 'error'}`} role="status" data-testid="test-result">
          {test.ok ? 'Connection works' : `Connection failed${test.failure ? ` (${test.failure})` : ''}`}: {test.detail}
        </p>
      )}
      <p className="wide">
        <button type="submit" value="save" disabled={busy}>Save</button> <button type="submit" value="test" className="secondary" disabled={busy}>Test the connection</button>
      </p>
    </form>
  );
}
