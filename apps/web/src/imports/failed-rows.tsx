'use client';
import { useEffect, useRef, useState } from 'react';
import { api, errorMessage } from '../api';
import type { ImportFailures } from '../types';
import { plural } from './job-status';

const PAGE = 20;

/** The rows that failed and why, on the page: the first ones at once, more on asking; the files hold them all. */
export function FailedRows({ jobId, failed, severalSheets }: { jobId: string; failed: number; severalSheets: boolean }) {
  const [items, setItems] = useState<ImportFailures['items']>([]);
  const [total, setTotal] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);
  const body = useRef<HTMLTableSectionElement>(null);
  // The button may go with the last page: the first row it brought takes the focus instead, once rendered.
  const [focusAt, setFocusAt] = useState<number | null>(null);
  useEffect(() => {
    if (focusAt === null || focusAt >= items.length) return;
    (body.current?.children[focusAt] as HTMLElement | undefined)?.focus();
    setFocusAt(null);
  }, [focusAt, items]);
  const more = async (offset: number) => {
    try {
      const page = await api<ImportFailures>(`/imports/${jobId}/failures?limit=${PAGE}&offset=${offset}`);
      setItems((shown) => [...shown.slice(0, offset), ...page.items]);
      setTotal(page.total);
      setProblem(null);
      return true;
    } catch (error) {
      setProblem(errorMessage(error));
      return false;
    }
  };
  const showMore = async () => {
    const from = items.length;
    if (await more(from)) setFocusAt(from);
  };
  useEffect(() => {
    void more(0);
  }, [jobId, failed]);

  if (!items.length) return problem ? <p className="error">Cannot list the failed rows: {problem}</p> : null;
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
        <tbody ref={body}>
          {items.map((f, i) => (
            <tr key={i} tabIndex={-1}>
              {severalSheets && <td>{f.sheet}</td>}
              <td>{f.row ?? '—'}</td>
              {/* The row number has its own column: the message need not start with it again. */}
              <td className="words">{f.row === null ? f.error : f.error.replace(new RegExp(`^row ${f.row}(?:: |, )`), '')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {problem && <p className="error">Cannot list more failed rows: {problem}</p>}
      {items.length < total && (
        <p className="actions">
          <button type="button" className="secondary" onClick={() => void showMore()}>Show {Math.min(PAGE, total - items.length)} more</button>
          <span className="muted small">{plural(items.length, 'row')} of {total.toLocaleString('en')} shown</span>
        </p>
      )}
    </div>
  );
}
