import type { AiSettings } from '../types';

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Only what the admin changed against the settings as the page loaded them (each rule list and
 * each provider's budget on its own): saving must not put back what another admin changed
 * meanwhile. The API keeps whatever a request leaves out.
 */
export function changedSettings(loaded: AiSettings, form: Partial<AiSettings>): Partial<AiSettings> {
  const changes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(form) as [keyof AiSettings, unknown][]) {
    const before = loaded[key];
    if (key === 'rules' || key === 'daily_token_budget') {
      const parts = Object.entries(value as Record<string, unknown>).filter(([part, v]) => !same(v, (before as Record<string, unknown>)[part]));
      if (parts.length) changes[key] = Object.fromEntries(parts);
    } else if (!same(value, before)) {
      changes[key] = value;
    }
  }
  return changes as Partial<AiSettings>;
}
