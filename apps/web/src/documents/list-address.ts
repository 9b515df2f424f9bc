import type { DocumentStatus } from '../types';
import { type Filters, NO_FILTERS, SORT_VALUES } from './filters';

const STATUSES: readonly DocumentStatus[] = ['queued', 'processing', 'done', 'failed'];
/** Where the documents page was last, so a document's page leads back to the same filters and page. */
const LAST_LIST = 'intake.documents.list';

/** The filters and page an address of the documents page names; anything unknown is the default. */
export function fromAddress(search: string): { filters: Filters; page: number } {
  const params = new URLSearchParams(search);
  const text = (key: keyof Filters) => params.get(key) ?? NO_FILTERS[key];
  const status = params.get('status') ?? '';
  const sort = params.get('sort') ?? '';
  const page = Number(params.get('page'));
  return {
    filters: {
      q: text('q'),
      status: (STATUSES as readonly string[]).includes(status) ? (status as DocumentStatus) : '',
      type: text('type'),
      category_id: text('category_id'),
      date_from: text('date_from'),
      date_to: text('date_to'),
      sort: SORT_VALUES.includes(sort) ? sort : NO_FILTERS.sort,
    },
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

/** Browsers that block site storage throw here: the back link then simply leads to the first page. */
export function rememberList(address: string): void {
  try {
    sessionStorage.setItem(LAST_LIST, address);
  } catch {
    // nothing remembered
  }
}

/** The documents page as this tab last showed it. */
export function lastList(): string {
  let address: string | null = null;
  try {
    address = sessionStorage.getItem(LAST_LIST);
  } catch {
    // storage blocked
  }
  return address?.startsWith('/documents/') ? address : '/documents/';
}
