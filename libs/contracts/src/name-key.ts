/**
 * How names (document types, categories) compare, whatever their case: one key for "Invoice" and
 * "INVOICE", for "Café" typed two ways, and for a Greek word ending in ς or σ (capitals have only Σ).
 * Locale-free, unlike toLocaleLowerCase (on a server set to Turkish "INVOICE" would fold to
 * "ınvoıce"). doc-service's database compares with docs.name_key(), the same fold of names kept plain.
 * Without zod, so the web app compares as the API does.
 */
export const nameKey = (name: string): string => name.normalize('NFC').toLowerCase().replace(/ς/g, 'σ');

export const sameName = (a: string, b: string): boolean => nameKey(a) === nameKey(b);
