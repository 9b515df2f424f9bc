'use client';
import { useState } from 'react';
import { api, errorMessage } from '../api';
import { filterParams, type Filters } from './filters';

type Download = { route: 'export'; format: 'csv' | 'xlsx' } | { route: 'archive' };

/**
 * Downloads the documents the filters select (every page, in the list's order) as CSV or XLSX, or
 * their PDFs as one ZIP. Asked first whether the server would refuse (too many, an export of
 * yours still running), to say why here; then the browser saves the file as it arrives, through
 * a download link, so the page stays and a large file never sits in its memory.
 */
export function ExportButtons({ filters }: { filters: Filters }) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  async function download(what: Download) {
    setBusy(true);
    setProblem(null);
    const params = filterParams(filters);
    if (what.route === 'export') params.set('format', what.format);
    const path = `/documents/${what.route}?${params.toString()}`;
    try {
      await api(`${path}&check=true`);
      Object.assign(document.createElement('a'), { href: `/api${path}`, download: '' }).click();
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <span className="export">
      Export these:{' '}
      <button type="button" className="link" disabled={busy} onClick={() => void download({ route: 'export', format: 'csv' })}>CSV</button>{' '}
      <button type="button" className="link" disabled={busy} onClick={() => void download({ route: 'export', format: 'xlsx' })}>Excel</button>{' '}
      <button type="button" className="link" disabled={busy} onClick={() => void download({ route: 'archive' })}>PDFs (ZIP)</button>
      {problem && <span className="error" role="alert"> {problem}</span>}
    </span>
  );
}
