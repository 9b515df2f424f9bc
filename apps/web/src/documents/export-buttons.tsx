'use client';
import { useState } from 'react';
import { api, apiFile, errorMessage } from '../api';
import { filterParams, type Filters } from './filters';

/** Downloads the documents the filters select (every page, in the list's order) as CSV or XLSX, or their PDFs as one ZIP. */
export function ExportButtons({ filters }: { filters: Filters }) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  async function run(format: 'csv' | 'xlsx') {
    setBusy(true);
    setProblem(null);
    const params = filterParams(filters);
    params.set('format', format);
    try {
      const { blob, fileName } = await apiFile(`/documents/export?${params.toString()}`);
      const url = URL.createObjectURL(blob);
      const link = Object.assign(document.createElement('a'), { href: url, download: fileName });
      link.click();
      // The click has handed the file to the browser; the URL is not needed once it has started.
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setBusy(false);
    }
  }

  /**
   * A ZIP can be gigabytes: the browser saves it as it arrives, through a download link (so the
   * page stays, even if the server refuses after all). Asked first whether it would be refused,
   * to say why here.
   */
  async function archive() {
    setBusy(true);
    setProblem(null);
    const params = filterParams(filters);
    try {
      await api(`/documents/archive?${params.toString()}&check=true`);
      Object.assign(document.createElement('a'), { href: `/api/documents/archive?${params.toString()}`, download: '' }).click();
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <span className="export">
      Export these:{' '}
      <button type="button" className="link" disabled={busy} onClick={() => void run('csv')}>CSV</button>{' '}
      <button type="button" className="link" disabled={busy} onClick={() => void run('xlsx')}>Excel</button>{' '}
      <button type="button" className="link" disabled={busy} onClick={() => void archive()}>PDFs (ZIP)</button>
      {problem && <span className="error" role="alert"> {problem}</span>}
    </span>
  );
}
