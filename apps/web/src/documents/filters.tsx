'use client';
import type { Category, DocumentStatus } from '../types';
import { readAmount } from './amount-text';
import { type Period, PERIODS, periodDates, periodOf } from './periods';

export interface Filters {
  q: string;
  status: '' | DocumentStatus;
  type: string;
  category_id: string;
  date_from: string;
  date_to: string;
  /** 'false': only the documents without a date. */
  dated: '' | 'false';
  amount_min: string;
  amount_max: string;
  currency: string;
  sort: string;
}

export const NO_FILTERS: Filters = { q: '', status: '', type: '', category_id: '', date_from: '', date_to: '', dated: '', amount_min: '', amount_max: '', currency: '', sort: '-created_at' };

const SORTS: [string, string][] = [
  ['-created_at', 'Newest first'],
  ['created_at', 'Oldest first'],
  ['-document_date', 'Document date, newest'],
  ['document_date', 'Document date, oldest'],
  ['-amount', 'Amount, largest'],
  ['amount', 'Amount, smallest'],
  ['title', 'Title A–Z'],
  ['-title', 'Title Z–A'],
  ['file_name', 'File name A–Z'],
  ['relevance', 'Best match (with a search)'],
];

export const SORT_VALUES = SORTS.map(([value]) => value);

/**
 * An amount filter as typed, however the documents write amounts (readAmount), in the API's form;
 * null when empty. A separator typed last is the cents on their way, not a mistake yet.
 */
export function amountFilter(typed: string): { value: string | null } | { problem: string } {
  const read = readAmount(typed.replace(/[.,]\s*$/, ''));
  return 'problem' in read ? read : { value: read.value === null ? null : String(read.value) };
}

/** The period choice for the documents without a date. */
const UNDATED = 'undated';

/**
 * The filters with the sort the list can show: best match ranks by a search, so without one (a
 * search of spaces alone is none) the list is newest first, and the sort box says so.
 */
export function withShownSort(filters: Filters): Filters {
  return filters.sort === 'relevance' && !filters.q.trim() ? { ...filters, sort: NO_FILTERS.sort } : filters;
}

/** The filters that are set and the sort, as GET /api/documents and its export take them. */
export function filterParams(filters: Filters): URLSearchParams {
  // Trimmed as the server reads them.
  const f = { ...withShownSort(filters), q: filters.q.trim(), type: filters.type.trim() };
  const params = new URLSearchParams({ sort: f.sort });
  for (const key of ['q', 'status', 'type', 'category_id', 'date_from', 'date_to', 'dated'] as const) if (f[key]) params.set(key, f[key]);
  if (f.currency.trim()) params.set('currency', f.currency.trim());
  // As typed ("1.000,50"), in the API's form ("1000.5"); one that reads as no amount goes as typed, to be refused by name.
  for (const key of ['amount_min', 'amount_max'] as const) {
    const read = amountFilter(f[key]);
    if ('problem' in read) params.set(key, f[key]);
    else if (read.value !== null) params.set(key, read.value);
  }
  return params;
}

/** The query string of one page of GET /api/documents. */
export function toQuery(filters: Filters, page: number, pageSize: number): string {
  const params = filterParams(filters);
  params.set('page', String(page));
  params.set('page_size', String(pageSize));
  return params.toString();
}

export function FilterBar({ filters, types, categories, onChange }: { filters: Filters; types: string[]; categories: Category[]; onChange: (next: Filters) => void }) {
  const set = (patch: Partial<Filters>) => onChange({ ...filters, ...patch });
  // Dates typed that are no named period show as chosen, so the box never claims "Any date" over them.
  const period = filters.dated === 'false' ? UNDATED : (periodOf(filters.date_from, filters.date_to) ?? (filters.date_from || filters.date_to ? 'chosen' : ''));
  const choosePeriod = (value: string) => {
    if (value === UNDATED) set({ date_from: '', date_to: '', dated: 'false' });
    else set({ ...(value ? periodDates(value as Period) : { date_from: '', date_to: '' }), dated: '' });
  };
  // A search begun on the default order ranks by best match: "FT 2025/117" above "FT 2025/1170", as asked.
  const searched = (q: string): Partial<Filters> => (!filters.q.trim() && q.trim() && filters.sort === NO_FILTERS.sort ? { q, sort: 'relevance' } : { q });
  // A date typed leaves "without a date", which the API would refuse beside it.
  const setDate = (patch: Partial<Filters>) => set({ ...patch, dated: '' });
  return (
    <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
      {/* The longest search the API takes: more would only be refused. */}
      <input type="search" maxLength={200} placeholder='Search, or "a phrase"…' title='Words in any language, as prefixes; "a phrase in quotes" as written' aria-label="Search" value={filters.q} onChange={(e) => set(searched(e.target.value))} />
      <select aria-label="Status" value={filters.status} onChange={(e) => set({ status: e.target.value as Filters['status'] })}>
        <option value="">Any status</option>
        {(['queued', 'processing', 'done', 'failed'] as const).map((s) => <option key={s} value={s}>{s}</option>)}
      </select>
      <input list="document-types" aria-label="Type" placeholder="Any type" value={filters.type} onChange={(e) => set({ type: e.target.value })} />
      <datalist id="document-types">
        {types.map((t) => <option key={t} value={t} />)}
      </datalist>
      <select aria-label="Category" value={filters.category_id} onChange={(e) => set({ category_id: e.target.value })}>
        <option value="">Any category</option>
        <option value="none">In no category</option>
        {categories.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
      </select>
      <select aria-label="Period" value={period} onChange={(e) => choosePeriod(e.target.value)}>
        <option value="">Any date</option>
        {PERIODS.map(([key, label]) => <option key={key} value={key}>{label}</option>)}
        <option value={UNDATED}>Without a date</option>
        {period === 'chosen' && <option value="chosen" disabled>Dates chosen</option>}
      </select>
      {/* Each range on one line: "From [date]" and "to [date]" apart read as two filters. */}
      <span className="range">
        <label className="inline">From <input type="date" aria-label="Dated from" value={filters.date_from} onChange={(e) => setDate({ date_from: e.target.value })} /></label>
        <label className="inline">to <input type="date" aria-label="Dated to" value={filters.date_to} onChange={(e) => setDate({ date_to: e.target.value })} /></label>
      </span>
      <span className="range">
        <label className="inline">Amount <input inputMode="decimal" className="amount" aria-label="Amount from" placeholder="from" value={filters.amount_min} onChange={(e) => set({ amount_min: e.target.value })} /></label>
        <label className="inline">to <input inputMode="decimal" className="amount" aria-label="Amount to" placeholder="to" value={filters.amount_max} onChange={(e) => set({ amount_max: e.target.value })} /></label>
        <input className="currency" aria-label="Currency" placeholder="any" maxLength={3} title="Only amounts in this currency (a code of three letters: EUR, USD…); empty, every currency" value={filters.currency} onChange={(e) => set({ currency: e.target.value })} />
      </span>
      <select aria-label="Sort" value={filters.sort} onChange={(e) => set({ sort: e.target.value })}>
        {/* Best match ranks by a search: without one it is not offered, rather than quietly newest first. */}
        {SORTS.map(([value, label]) => <option key={value} value={value} disabled={value === 'relevance' && !filters.q.trim()}>{label}</option>)}
      </select>
      <button type="button" className="link" onClick={() => onChange(NO_FILTERS)}>Clear</button>
    </form>
  );
}
