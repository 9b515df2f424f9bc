'use client';
import { useState } from 'react';
import { api, ApiError, errorMessage } from '../api';
import type { DocumentItem } from '../types';

/** Requests in flight at once: enough to be quick, few enough not to crowd out other users. */
const IN_FLIGHT = 4;

/**
 * Re-processes the selected documents (after the AI settings changed, say); each row then follows
 * live. `onDone` says how many were queued and what went wrong with the others: the selection is
 * cleared then, and this bar with it, so the page shows both.
 */
export function BulkReprocess({ selected, onDone }: { selected: string[]; onDone: (message: string, problem: string | null) => void }) {
  const [busy, setBusy] = useState(false);

  async function run() {
    setBusy(true);
    const queue = [...selected];
    const failures: string[] = [];
    await Promise.all(
      Array.from({ length: Math.min(IN_FLIGHT, queue.length) }, async () => {
        for (let id = queue.shift(); id; id = queue.shift()) {
          // Accepted but not queued (the queue is down): the document says so as its failure.
          await api<DocumentItem>(`/documents/${id}/reprocess`, { method: 'POST' }).then(
            (doc) => doc.status === 'failed' && failures.push(doc.failure?.reason ?? 'not queued'),
            (error: unknown) => {
              failures.push(errorMessage(error));
              // The session ended: the rest would be refused the same way.
              if (error instanceof ApiError && error.status === 401) failures.push(...queue.splice(0).map(() => errorMessage(error)));
            },
          );
        }
      }),
    );
    setBusy(false);
    const queued = selected.length - failures.length;
    const problem = failures.length ? `${failures.length} could not be queued: ${[...new Set(failures)].join('; ')}` : null;
    onDone(`${queued} document${queued === 1 ? '' : 's'} queued to be processed again.`, problem);
  }

  if (!selected.length) return null;
  return (
    <button type="button" className="secondary" disabled={busy} onClick={() => void run()}>
      {busy ? 'Queuing…' : 'Re-process'}
    </button>
  );
}
