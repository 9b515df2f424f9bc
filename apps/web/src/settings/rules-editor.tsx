'use client';
import type { MatchRule } from '../types';

const ALGORITHMS: [MatchRule['algorithm'], string][] = [
  ['any', 'any of the words'],
  ['all', 'all of the words'],
  ['literal', 'the exact phrase'],
  ['regex', 'the regular expression'],
  ['fuzzy', 'the phrase, give or take a typo'],
];

export const EMPTY_RULE: MatchRule = { name: '', match: '', algorithm: 'any', case_sensitive: false };

/**
 * The offline provider's matching rules for one list (types or categories), as paperless-ngx
 * matches: a rule names an entry of the list and what in the text makes it match.
 */
export function RulesEditor({ title, names, rules, note, onChange }: { title: string; names: string[]; rules: MatchRule[]; note?: string; onChange: (next: MatchRule[]) => void }) {
  const update = (i: number, patch: Partial<MatchRule>) => onChange(rules.map((rule, j) => (j === i ? { ...rule, ...patch } : rule)));
  return (
    <fieldset className="wide rules">
      <legend>{title}</legend>
      {note ? <p className="muted small">{note}</p> : rules.length === 0 && <p className="muted small">No rules: only the built-in heuristics apply.</p>}
      {rules.map((rule, i) => (
        <div key={i} className="rule" data-testid="rule">
          <select aria-label={`${title}: rule ${i + 1} names`} value={rule.name} onChange={(e) => update(i, { name: e.target.value })} required>
            <option value="">Choose…</option>
            {[...new Set([...names, rule.name].filter(Boolean))].map((n) => <option key={n} value={n}>{n}</option>)}
          </select>
          <span>when the text has</span>
          <select aria-label={`${title}: rule ${i + 1} matching`} value={rule.algorithm} onChange={(e) => update(i, { algorithm: e.target.value as MatchRule['algorithm'] })}>
            {ALGORITHMS.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
          </select>
          <input aria-label={`${title}: rule ${i + 1} text`} value={rule.match} onChange={(e) => update(i, { match: e.target.value })} maxLength={2000} required />
          <label className="inline small">
            <input type="checkbox" checked={rule.case_sensitive} onChange={(e) => update(i, { case_sensitive: e.target.checked })} /> case-sensitive
          </label>
          <button type="button" className="link" onClick={() => onChange(rules.filter((_, j) => j !== i))}>remove</button>
        </div>
      ))}
      <button type="button" className="secondary" onClick={() => onChange([...rules, EMPTY_RULE])}>Add a rule</button>
    </fieldset>
  );
}
