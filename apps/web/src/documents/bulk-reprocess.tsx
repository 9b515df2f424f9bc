'use client';
import { useState } from 'react';
import { api, errorMessage } from '../api';

/** Requests in flight at once: enough to be quick, few enough not to crowd out other users. */
const IN_FLIGHT = 4;

/** Re-processes the selected documents (after the AI settings changed, say); each row then follows live. */
export function BulkReprocess({ selected, onDone }: { selected: string[]; onDone: (message: string) => void }) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  async function run() {
    setBusy(true);
    setProblem(null);
    const queue = [...selected];
    const failures: string[] = [];
    await Promise.all(
      Array.from({ length: Math.min(IN_FLIGHT, queue.length) }, async () => {
        for (let id = queue.shift(); id; id = queue.shift()) {
          await api(`/documents/${id}/reprocess`, { method: 'POST' }).catch((error: unknown) => failures.push(errorMessage(error)));
        }
      }),
    );
    setBusy(false);
    const queued = selected.length - failures.length;
    if (failures.length) setProblem(`${failures.length} could not be queued: ${[...new Set(failures)].join('; ')}`);
    onDone(`${queued} document${queued === 1 ? '' : 's'} queued to be processed again.`);
  }

  if (!selected.length) return null;
  return (
    <span>
      <button type="button" className="secondary" disabled={busy} onClick={() => void run()}>
        {busy ? 'Queuing…' : 'Re-process'}
      </button>
      {problem && <span className="error"> {problem}</span>}
    </span>
  );
}
