import type { DocumentItem } from '../types';

export function formatAmount(doc: Pick<DocumentItem, 'amount' | 'currency'>): string {
  if (doc.amount === null) return '';
  try {
    return doc.currency ? new Intl.NumberFormat(undefined, { style: 'currency', currency: doc.currency }).format(doc.amount) : doc.amount.toLocaleString();
  } catch {
    return `${doc.amount} ${doc.currency ?? ''}`.trim();
  }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A moment as the lists show it: "28 Nov 2026, 14:02". */
export const formatWhen = (iso: string) => new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
