'use client';
import { useEffect, useState } from 'react';
import { api } from '../api';
import type { AiUsage } from '../types';

/** " of 100000" when the provider has a daily budget. */
function ofBudget(usage: AiUsage, provider: string): string {
  const budget = (usage.daily_token_budget as Record<string, number | null>)[provider] ?? null;
  return budget === null ? '' : ` of ${budget}`;
}

/** Today's tokens per provider against its budget, and the latest calls with their outcome. */
export function UsagePanel({ refresh }: { refresh: number }) {
  const [usage, setUsage] = useState<AiUsage | null>(null);
  useEffect(() => void api<AiUsage>('/settings/usage').then(setUsage, () => setUsage(null)), [refresh]);
  if (!usage) return null;
  return (
    <section>
      <h2>AI calls</h2>
      <p className="muted">
        Today (UTC): {usage.today.length === 0 ? 'no calls.' : usage.today.map((t) => `${t.provider} ${t.calls} calls, ${t.tokens_in + t.tokens_out} tokens${ofBudget(usage, t.provider)}`).join('; ')}
      </p>
      {usage.recent.length > 0 && (
        <table>
          <thead><tr><th>When</th><th>Provider</th><th>Model</th><th className="num">Tokens in/out</th><th className="num">ms</th><th>Outcome</th></tr></thead>
          <tbody>
            {usage.recent.slice(0, 20).map((c, i) => (
              <tr key={i}>
                <td>{new Date(c.created_at).toLocaleString()}</td>
                <td>{c.provider}</td>
                <td>{c.model}</td>
                <td className="num">{c.tokens_in}/{c.tokens_out}</td>
                <td className="num">{c.duration_ms}</td>
                <td className={c.outcome === 'ok' ? '' : 'error'} title={c.error ?? undefined}>{c.outcome}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
