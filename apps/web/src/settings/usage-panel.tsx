'use client';
import { useEffect, useState } from 'react';
import { api } from '../api';
import type { AiUsage } from '../types';

/** Today's calls and tokens of each provider that made calls or has a budget, against its budget. */
function todayLine(usage: AiUsage): string {
  const budgets: Record<string, number | null> = usage.daily_token_budget;
  const providers = [...new Set([...usage.today.map((t) => t.provider), ...Object.keys(budgets).filter((p) => budgets[p] !== null)])];
  if (!providers.length) return 'no calls.';
  return providers
    .map((provider) => {
      const row = usage.today.find((t) => t.provider === provider);
      const tokens = row ? row.tokens_in + row.tokens_out : 0;
      const budget = budgets[provider] ?? null;
      return `${provider} ${row?.calls ?? 0} calls, ${tokens} tokens${budget === null ? '' : ` of ${budget}`}`;
    })
    .join('; ');
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
        Today (UTC): {todayLine(usage)}
      </p>
      {usage.recent.length > 0 && (
        <div className="table-wrap">
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
                  {/* A connection test's outcome reads "test: ok": as good as a document's "ok". */}
                  <td className={c.outcome === 'ok' || c.outcome === 'test: ok' ? '' : 'error'} title={c.error ?? undefined}>{c.outcome}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
