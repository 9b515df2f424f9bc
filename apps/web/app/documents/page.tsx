'use client';
import { useCallback, useEffect, useState } from 'react';
import { api, errorMessage } from '../../src/api';
import { CategoryBar, CategoryManager } from '../../src/documents/category-bar';
import { DocumentTable } from '../../src/documents/document-table';
import { FilterBar, type Filters, NO_FILTERS, toQuery } from '../../src/documents/filters';
import { useStatusEvents } from '../../src/documents/status-events';
import { UploadBox } from '../../src/documents/upload-box';
import { useSession } from '../../src/session';
import type { Category, DocumentItem, DocumentPage } from '../../src/types';

const PAGE_SIZE = 25;
/** Typing in the search box waits this long before asking, so each key is not a request. */
const SEARCH_DELAY_MS = 300;
const KNOWN_TYPES = ['invoice', 'receipt', 'contract', 'bank statement', 'letter', 'other'];

export default function DocumentsPage() {
  const session = useSession();
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [page, setPage] = useState(1);
  const [result, setResult] = useState<DocumentPage | null>(null);
  const [categories, setCategories] = useState<Category[]>([]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [message, setMessage] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [types, setTypes] = useState<string[]>(KNOWN_TYPES);

  const load = useCallback(async () => {
    try {
      const next = await api<DocumentPage>(`/documents?${toQuery(filters, page, PAGE_SIZE)}`);
      setResult(next);
      setProblem(null);
      setTypes((known) => [...new Set([...known, ...next.items.map((d) => d.document_type).filter((t): t is string => !!t)])]);
    } catch (error) {
      setProblem(errorMessage(error));
    }
  }, [filters, page]);
  const loadCategories = useCallback(() => void api<Category[]>('/documents/categories').then(setCategories, (e: unknown) => setProblem(errorMessage(e))), []);

  useEffect(() => {
    const timer = setTimeout(() => void load(), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [load]);
  useEffect(loadCategories, [loadCategories]);

  // A status change updates its row in place; a finished document is fetched again for what was extracted.
  const ended = useStatusEvents((event) => {
    setResult((current) => current && { ...current, items: current.items.map((d) => (d.id === event.document_id ? { ...d, status: event.status, failure: event.failure_reason ? { kind: event.failure_kind ?? '', reason: event.failure_reason } : null } : d)) });
    if (event.status === 'done' || event.status === 'failed') {
      void api<DocumentItem>(`/documents/${event.document_id}`).then(
        (doc) => setResult((current) => current && { ...current, items: current.items.map((d) => (d.id === doc.id ? doc : d)) }),
        () => undefined,
      );
    }
  });

  const changeFilters = (next: Filters) => {
    setFilters(next);
    setPage(1);
  };
  const select = (ids: string[], on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      for (const id of ids) if (on) next.add(id); else next.delete(id);
      return next;
    });
  const pages = result ? Math.max(1, Math.ceil(result.total / PAGE_SIZE)) : 1;

  return (
    <>
      <h1>Documents</h1>
      {ended && <p className="error" role="alert">{ended}</p>}
      {session.canWrite && <UploadBox onUploaded={() => { setPage(1); void load(); }} />}
      <FilterBar filters={filters} types={types} categories={categories} onChange={changeFilters} />
      {session.canWrite && (
        <CategoryBar
          selected={[...selected]}
          categories={categories}
          onDone={(text) => {
            setMessage(text);
            setSelected(new Set());
            void load();
            loadCategories();
          }}
        />
      )}
      {message && <p className="notice" role="status">{message}</p>}
      {problem && <p className="error" role="alert">{problem}</p>}
      {result && (
        <>
          <p className="muted" data-testid="total">{result.total === 1 ? '1 document' : `${result.total} documents`}</p>
          {result.items.length > 0 && <DocumentTable items={result.items} selected={selected} onSelect={select} />}
          {pages > 1 && (
            <nav className="pager">
              <button type="button" disabled={page <= 1} onClick={() => setPage(page - 1)}>Previous</button>
              <span>Page {page} of {pages}</span>
              <button type="button" disabled={page >= pages} onClick={() => setPage(page + 1)}>Next</button>
            </nav>
          )}
        </>
      )}
      {session.canWrite && <CategoryManager categories={categories} onChange={() => { loadCategories(); void load(); }} />}
    </>
  );
}
