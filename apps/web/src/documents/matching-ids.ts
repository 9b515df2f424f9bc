import { api } from '../api';
import type { DocumentPage } from '../types';
import { type Filters, toQuery } from './filters';

/** A bulk action takes at most this many documents (the categories API's limit per request). */
export const MAX_SELECTION = 1000;
/** The list API's largest page. */
const PAGE = 100;

/** The ids of the documents matching `filters`, in the list's order, at most MAX_SELECTION. */
export async function matchingIds(filters: Filters): Promise<string[]> {
  const ids: string[] = [];
  for (let page = 1; ids.length < MAX_SELECTION; page++) {
    const { items, total } = await api<DocumentPage>(`/documents?${toQuery(filters, page, PAGE)}`);
    ids.push(...items.map((d) => d.id));
    if (!items.length || page * PAGE >= total) break;
  }
  return ids.slice(0, MAX_SELECTION);
}
