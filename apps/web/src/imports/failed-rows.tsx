'use client';
import { useEffect, useState } from 'react';
import { api, errorMessage } from '../api';
import type { ImportFailures } from '../types';
import { plural } from './job-status';

const PAGE = 20;

/** The rows that failed and why, on the page: the first ones at once, more on asking; the files hold them all. */
export function FailedRows({ jobId, failed, severalSheets }: { jobId: string; failed: number; severalSheets: boolean }) {
  const [items, setItems] = useState<ImportFailures['items']>([]);
  const [total, setTotal] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);
  const more = (offset: number) =>
    api<ImportFailures>(`/imports/${jobId}/failures?limit=${PAGE}&offset=${offset}`).then(
      (page) => {
        setItems((shown) => [...shown.slice(0, offset), ...page.items]);
        setTotal(page.total);
      },
      (error: unknown) => setProblem(errorMessage(error)),
    );
  useEffect(() => {
    void more(0);
    // Read again when the count changes: a job stopped and rolled back keeps its failures.
  }, [jobId, failed]);

  if (problem) return <p className="error">Cannot list the failed rows: {problem}</p>;
  if (!items.length) return null;
  return (
    <div className="table-wrap">
      <table className="failures" aria-label="Failed rows">
        <thead>
          <tr>
            {severalSheets && <th>Sheet</th>}
            <th>Row</th>
            <th>Why</th>
          </tr>
        </thead>
        <tbody>
          {items.map((f, i) => (
            <tr key={`${f.sheet}:${f.row ?? i}:${i}`}>
              {severalSheets && <td>{f.sheet}</td>}
              <td>{f.row ?? '—'}</td>
              <td className="words">{f.error}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {items.length < total && (
        <p className="actions">
          <button type="button" className="secondary" onClick={() => void more(items.length)}>Show {Math.min(PAGE, total - items.length)} more</button>
          <span className="muted small">{plural(items.length, 'row')} of {total.toLocaleString('en')} shown</span>
        </p>
      )}
    </div>
  );
}
