'use client';
import { useState } from 'react';
import { api, errorMessage } from '../api';
import type { ReprocessOutcome } from '../types';

/**
 * Re-processes the selected documents (after the AI settings changed, say) in one request, so the
 * work does not hang on this tab staying open; each row then follows live. `onDone` says how many
 * were queued and what went wrong with the others: the selection is cleared then, and this bar
 * with it, so the page shows both.
 */
export function BulkReprocess({ selected, onDone }: { selected: string[]; onDone: (message: string, problem: string | null) => void }) {
  const [busy, setBusy] = useState(false);

  async function run() {
    setBusy(true);
    try {
      const outcome = await api<ReprocessOutcome>('/documents/reprocess', { method: 'POST', json: { document_ids: selected } });
      const reasons = [...new Set(outcome.not_queued.map((n) => n.reason))];
      onDone(`${outcome.queued} document${outcome.queued === 1 ? '' : 's'} queued to be processed again.`, reasons.length ? `${outcome.not_queued.length} could not be queued: ${reasons.join('; ')}` : null);
    } catch (error) {
      onDone('No document was queued to be processed again.', errorMessage(error));
    } finally {
      setBusy(false);
    }
  }

  if (!selected.length) return null;
  return (
    <button type="button" className="secondary" disabled={busy} onClick={() => void run()}>
      {busy ? 'Queuing…' : 'Re-process'}
    </button>
  );
}
