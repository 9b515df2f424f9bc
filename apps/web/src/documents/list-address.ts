import type { DocumentStatus } from '../types';
import { type Filters, NO_FILTERS, SORT_VALUES, withShownSort } from './filters';

const STATUSES: readonly DocumentStatus[] = ['queued', 'processing', 'done', 'failed'];

/** The filters and page an address of the documents page names; anything unknown is the default. */
export function fromAddress(search: string): { filters: Filters; page: number } {
  const params = new URLSearchParams(search);
  const text = (key: keyof Filters) => params.get(key) ?? NO_FILTERS[key];
  const status = params.get('status') ?? '';
  const sort = params.get('sort') ?? '';
  const page = Number(params.get('page'));
  return {
    filters: withShownSort({
      q: text('q'),
      status: (STATUSES as readonly string[]).includes(status) ? (status as DocumentStatus) : '',
      type: text('type'),
      category_id: text('category_id'),
      date_from: text('date_from'),
      date_to: text('date_to'),
      dated: params.get('dated') === 'false' ? 'false' : '',
      amount_min: text('amount_min'),
      amount_max: text('amount_max'),
      currency: text('currency'),
      sort: SORT_VALUES.includes(sort) ? sort : NO_FILTERS.sort,
    }),
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
}

/** The documents page's address for these filters and page: only what differs from the default. */
export function toAddress(filters: Filters, page: number): string {
  const params = new URLSearchParams();
  for (const key of Object.keys(NO_FILTERS) as (keyof Filters)[]) if (filters[key] !== NO_FILTERS[key]) params.set(key, filters[key]);
  if (page > 1) params.set('page', String(page));
  const query = params.toString();
  return query ? `/documents/?${query}` : '/documents/';
}

/** The filters typed into, a key at a time (a date typed from the keyboard changes with each digit). */
const TYPED: readonly (keyof Filters)[] = ['q', 'type', 'date_from', 'date_to', 'amount_min', 'amount_max', 'currency'];

/** The typed filter that alone differs between two sets of filters; null for any other change. */
export function typedChange(before: Filters, after: Filters): keyof Filters | null {
  const changed = (Object.keys(after) as (keyof Filters)[]).filter((key) => before[key] !== after[key]);
  return changed.length === 1 && TYPED.includes(changed[0]) ? changed[0] : null;
}
