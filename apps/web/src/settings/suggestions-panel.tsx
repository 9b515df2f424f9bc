'use client';
import { useEffect, useState } from 'react';
import { api, errorMessage } from '../api';
import type { AiSettings, Suggestion } from '../types';

/**
 * Types and categories a model proposed outside the configured lists: accept one into its list
 * (saved at once; `onAccepted` gets the settings as stored), or dismiss it.
 */
export function SuggestionsPanel({ onAccepted, mayDiscardEdits }: { onAccepted: (settings: AiSettings) => void; mayDiscardEdits: () => boolean }) {
  const [items, setItems] = useState<Suggestion[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const load = () => void api<Suggestion[]>('/settings/suggestions').then(setItems, (e: unknown) => setProblem(errorMessage(e)));
  useEffect(load, []);
  const act = (work: () => Promise<unknown>, accepted: boolean) => {
    if (accepted && !mayDiscardEdits()) return;
    setProblem(null);
    work().then(
      (result) => {
        load();
        if (accepted) onAccepted(result as AiSettings);
      },
      (e: unknown) => setProblem(errorMessage(e)),
    );
  };
  return (
    <section>
      <h2>Suggestions from the AI</h2>
      {items.length === 0 && <p className="muted">None: every type and category proposed so far is on the lists.</p>}
      <ul>
        {items.map((s) => (
          <li key={s.id}>
            {s.kind === 'document_type' ? 'Type' : 'Category'} “{s.name}” <span className="muted">(proposed {s.times}×)</span>{' '}
            <button type="button" className="link" onClick={() => act(() => api(`/settings/suggestions/${s.id}/accept`, { method: 'POST' }), true)}>accept</button>{' '}
            <button type="button" className="link" onClick={() => act(() => api(`/settings/suggestions/${s.id}`, { method: 'DELETE' }), false)}>dismiss</button>
          </li>
        ))}
      </ul>
      {problem && <p className="error">{problem}</p>}
    </section>
  );
}
