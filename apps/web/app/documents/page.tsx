'use client';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError, errorMessage } from '../../src/api';
import { BulkReprocess } from '../../src/documents/bulk-reprocess';
import { MAX_SELECTION, matchingIds } from '../../src/documents/matching-ids';
import { CategoryBar, CategoryManager } from '../../src/documents/category-bar';
import { DocumentTable } from '../../src/documents/document-table';
import { ExportButtons } from '../../src/documents/export-buttons';
import { amountFilter, FilterBar, type Filters, NO_FILTERS, toQuery, withShownSort } from '../../src/documents/filters';
import { fromAddress, toAddress, typedChange } from '../../src/documents/list-address';
import { rememberList } from '../../src/last-list';
import { useStatusEvents, withStatus } from '../../src/documents/status-events';
import { UploadBox } from '../../src/documents/upload-box';
import { useSession } from '../../src/session';
import type { Category, DocumentItem, DocumentPage, StatusEvent } from '../../src/types';

const PAGE_SIZE = 25;
/** Typing in a filter (the search, the type, a date) waits this long before asking, so each key is not a request. */
const SEARCH_DELAY_MS = 300;
/** Keys typed into one filter closer together than this are one step of the history, not one each. */
const TYPING_PAUSE_MS = 1500;
/** Status events remembered for documents the list may not show yet (see `fresher`). */
const REMEMBERED_EVENTS = 1000;
/** A burst of documents finishing asks for the list once, this long after the first of them. */
const REFRESH_DELAY_MS = 300;

/** Whether any filter narrows the list (the sort does not). */
const filtered = (filters: Filters) => (Object.keys(NO_FILTERS) as (keyof Filters)[]).some((key) => key !== 'sort' && filters[key] !== NO_FILTERS[key]);

export default function DocumentsPage() {
  const session = useSession();
  if (!session.has('documents')) return <p className="error" role="alert">The documents app is not open to you; ask an administrator.</p>;
  return <Documents />;
}

function Documents() {
  const session = useSession();
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [page, setPage] = useState(1);
  // The filters and page come from the address (back from a document, a bookmark) before the first request.
  const [restored, setRestored] = useState(false);
  // Bumped to ask for the list again with whatever filters are current (after an upload, a filing, a reconnect).
  const [reloads, setReloads] = useState(0);
  const [result, setResult] = useState<DocumentPage | null>(null);
  const [categories, setCategories] = useState<Category[]>([]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [message, setMessage] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  // What a bulk action could not do; the list's own problems come and go with its requests.
  const [bulkProblem, setBulkProblem] = useState<string | null>(null);
  // The configured types and the user's own (GET /documents/types), and any a list shows since.
  const [types, setTypes] = useState<string[]>([]);
  // Only the newest request may fill the list: an older search answering late must not win.
  const latest = useRef(0);
  const reload = useCallback(() => setReloads((n) => n + 1), []);
  // Every status event with when it came: one that arrives while a list request is in flight is newer than its answer.
  const events = useRef(new Map<string, { event: StatusEvent; at: number }>());

  // The ids on this page, for the events: a document finishing elsewhere changes nothing on a later page.
  const shown = useRef(new Set<string>());
  useEffect(() => {
    shown.current = new Set(result?.items.map((d) => d.id) ?? []);
  }, [result]);
  // What a finished document's row shows comes with the list, asked again once for a burst of them
  // (a document's detail would bring its whole text along).
  const refreshTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const refresh = useCallback(() => {
    refreshTimer.current ??= setTimeout(() => {
      refreshTimer.current = null;
      reload();
    }, REFRESH_DELAY_MS);
  }, [reload]);
  useEffect(() => () => clearTimeout(refreshTimer.current ?? undefined), []);

  /** The list as answered, with any status that changed after the request was sent. */
  const fresher = useCallback(
    (items: DocumentItem[], sentAt: number) =>
      items.map((doc) => {
        const seen = events.current.get(doc.id);
        if (!seen || seen.at < sentAt || seen.event.status === doc.status) return doc;
        if (seen.event.status === 'done' || seen.event.status === 'failed') refresh();
        return withStatus(doc, seen.event);
      }),
    [refresh],
  );

  // Back and forward walk through the pages and filters shown, as they do through other pages.
  const fromHistory = useRef(false);
  useEffect(() => {
    const show = () => {
      const { filters: named, page: at } = fromAddress(window.location.search);
      setFilters(named);
      setPage(at);
    };
    show();
    setRestored(true);
    const back = () => {
      fromHistory.current = true;
      show();
    };
    window.addEventListener('popstate', back);
    return () => window.removeEventListener('popstate', back);
  }, []);
  // The last change the address recorded: the filters, and the filter being typed into, with when.
  const lastStep = useRef<{ filters: Filters; typed: keyof Filters | null; at: number } | null>(null);
  useEffect(() => {
    if (!restored) return;
    const address = toAddress(filters, page);
    const previous = lastStep.current;
    const typed = previous ? typedChange(previous.filters, filters) : null;
    // A filter's first key is a step to go back to; the keys typed right after it only change that step.
    const typing = typed !== null && previous?.typed === typed && Date.now() - previous.at < TYPING_PAUSE_MS;
    lastStep.current = { filters, typed: fromHistory.current ? null : typed, at: Date.now() };
    if (fromHistory.current || address === window.location.pathname + window.location.search) fromHistory.current = false;
    else if (typing) window.history.replaceState(window.history.state, '', address);
    else window.history.pushState(null, '', address);
    rememberList('/documents/', address);
  }, [filters, page, restored]);

  // The filters the list was last asked with: only typing in one waits, a page, a choice or a reload asks at once.
  const asked = useRef<Filters | null>(null);
  useEffect(() => {
    if (!restored) return;
    const request = ++latest.current;
    const typing = asked.current !== null && typedChange(asked.current, filters) !== null;
    asked.current = filters;
    if (filters.date_from && filters.date_to && filters.date_from > filters.date_to) {
      setResult(null);
      setProblem('The “from” date is after the “to” date: no document can match.');
      return;
    }
    const [least, most] = [amountFilter(filters.amount_min), amountFilter(filters.amount_max)];
    const unread = 'problem' in least ? least : 'problem' in most ? most : null;
    if (unread) {
      setResult(null);
      setProblem(unread.problem);
      return;
    }
    if ('value' in least && 'value' in most && least.value !== null && most.value !== null && Number(least.value) > Number(most.value)) {
      setResult(null);
      setProblem('The “from” amount is more than the “to” amount: no document can match.');
      return;
    }
    // As the server reads it (it refuses such a search), said in words before asking.
    if (filters.q.trim() && !/[\p{L}\p{N}]/u.test(filters.q)) {
      setResult(null);
      setProblem(`“${filters.q.trim()}” has no letters or digits to search for: type a word, a number or a date.`);
      return;
    }
    const timer = setTimeout(
      () => {
        const sentAt = Date.now();
        api<DocumentPage>(`/documents?${toQuery(filters, page, PAGE_SIZE)}`).then(
          (next) => {
            if (request !== latest.current) return;
            setResult({ ...next, items: fresher(next.items, sentAt) });
            setProblem(null);
            setTypes((known) => [...new Set([...known, ...next.items.map((d) => d.document_type).filter((t): t is string => !!t)])]);
          },
          (error: unknown) => {
            if (request !== latest.current) return;
            // Refused filters select nothing: the list of the previous ones must not stand beside the message.
            if (error instanceof ApiError && error.status === 400) setResult(null);
            setProblem(errorMessage(error));
          },
        );
      },
      typing ? SEARCH_DELAY_MS : 0,
    );
    return () => clearTimeout(timer);
  }, [filters, page, reloads, fresher, restored]);

  const loadCategories = useCallback(() => void api<Category[]>('/documents/categories').then(setCategories, (e: unknown) => setProblem(errorMessage(e))), []);
  useEffect(loadCategories, [loadCategories]);
  useEffect(() => {
    void api<{ types: string[] }>('/documents/types').then(
      ({ types: offered }) => setTypes((known) => [...new Set([...offered, ...known])]),
      (e: unknown) => setProblem(errorMessage(e)),
    );
  }, []);

  const pages = result ? Math.max(1, Math.ceil(result.total / PAGE_SIZE)) : 1;
  // The list shrank under this page (documents deleted or filed away): go to the last page there is.
  useEffect(() => {
    if (result && page > pages) setPage(pages);
  }, [result, page, pages]);

  // A status change updates its row in place; the list is asked again for what a finished one holds.
  const ended = useStatusEvents((event) => {
    // Delete first: a Map keeps a key's first position, and the oldest entry is the one to forget.
    events.current.delete(event.document_id);
    events.current.set(event.document_id, { event, at: Date.now() });
    if (events.current.size > REMEMBERED_EVENTS) events.current.delete(events.current.keys().next().value as string);
    setResult((current) => current && { ...current, items: current.items.map((d) => (d.id === event.document_id ? withStatus(d, event) : d)) });
    // One finishing that this page does not show yet (uploaded in another tab) belongs at the top of the newest-first list.
    const onTop = page === 1 && filters.sort === '-created_at';
    if ((event.status === 'done' || event.status === 'failed') && (shown.current.has(event.document_id) || onTop)) refresh();
  }, reload);

  const afterBulk = (text: string, failed: string | null = null) => {
    setMessage(text);
    setBulkProblem(failed);
    setSelected(new Set());
    reload();
    loadCategories();
  };
  // Bumped whenever the filters change: a "select all matching" still collecting ids for the old ones is dropped.
  const selection = useRef(0);
  const [collecting, setCollecting] = useState(false);
  const changeFilters = (next: Filters) => {
    setFilters(withShownSort(next));
    setPage(1);
    selection.current++;
    setSelected(new Set());
    // What the last bulk action did was said of the list before: it would read as this one's.
    setMessage(null);
    setBulkProblem(null);
  };
  // The selection stays across pages: documents picked on several pages go into one bulk action.
  const changePage = (next: number) => setPage(next);
  const selectAllMatching = () => {
    const asked = ++selection.current;
    setCollecting(true);
    void matchingIds(filters)
      .then(
        (ids) => asked === selection.current && setSelected(new Set(ids)),
        (error: unknown) => asked === selection.current && setProblem(errorMessage(error)),
      )
      .finally(() => setCollecting(false));
  };
  const select = (ids: string[], on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      for (const id of ids) if (on) next.add(id); else next.delete(id);
      return next;
    });

  return (
    <>
      <h1>Documents</h1>
      {ended && <p className="error" role="alert" data-testid="live-ended">{ended}</p>}
      {session.canWrite && <UploadBox onUploaded={() => { setPage(1); reload(); }} />}
      <FilterBar filters={filters} types={types} categories={categories} onChange={changeFilters} />
      {session.canWrite && (
        <CategoryBar selected={[...selected]} categories={categories} onDone={afterBulk} onGone={(ids) => select(ids, false)} onClear={() => setSelected(new Set())}>
          <BulkReprocess selected={[...selected]} onDone={afterBulk} />
        </CategoryBar>
      )}
      {message && <p className="notice" role="status">{message}</p>}
      {bulkProblem && <p className="error" role="alert" data-testid="bulk-problem">{bulkProblem}</p>}
      {problem && <p className="error" role="alert">{problem}</p>}
      {result && (
        <>
          <p className="muted">
            <span data-testid="total">{result.total === 1 ? '1 document' : `${result.total} documents`}</span>
            {result.total > 0 && <> · <ExportButtons filters={filters} /></>}
          </p>
          {session.canWrite && result.total > result.items.length && result.items.length > 0 && result.items.every((d) => selected.has(d.id)) && selected.size < Math.min(result.total, MAX_SELECTION) && (
            <p>
              <button type="button" className="link" disabled={collecting} onClick={selectAllMatching}>
                {result.total > MAX_SELECTION ? `Select the first ${MAX_SELECTION.toLocaleString('en')} of the ${result.total.toLocaleString('en')} matching` : `Select all ${result.total} matching`}
              </button>
            </p>
          )}
          {result.total === 0 && (
            <p className="muted" data-testid="empty">
              {filtered(filters) ? (
                <>No document matches these filters. <button type="button" className="link" onClick={() => changeFilters({ ...NO_FILTERS, sort: filters.sort })}>Clear the filters</button></>
              ) : session.canWrite ? (
                'No documents yet: drop PDFs above, or choose files.'
              ) : (
                'No documents yet.'
              )}
            </p>
          )}
          {result.items.length > 0 && <DocumentTable items={result.items} selected={session.canWrite ? selected : null} onSelect={select} />}
          {pages > 1 && (
            <nav className="pager">
              <button type="button" disabled={page <= 1} onClick={() => changePage(page - 1)}>Previous</button>
              <span>Page {page} of {pages}</span>
              <button type="button" disabled={page >= pages} onClick={() => changePage(page + 1)}>Next</button>
            </nav>
          )}
        </>
      )}
      {session.canWrite && (
        <CategoryManager
          categories={categories}
          onChange={(done, deletedId) => {
            loadCategories();
            if (deletedId && filters.category_id === deletedId) changeFilters({ ...filters, category_id: '' });
            else reload();
            setMessage(done);
          }}
        />
      )}
    </>
  );
}
