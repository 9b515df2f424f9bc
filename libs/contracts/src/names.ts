/**
 * How names (document types, categories) compare, whatever their case: one key for "Invoice" and
 * "INVOICE", and for a Greek word ending in ς or σ (capitals have only Σ). Locale-free, unlike
 * toLocaleLowerCase (on a server set to Turkish "INVOICE" would fold to "ınvoıce"). doc-service's
 * database compares with docs.name_key(), the same fold.
 */
export const nameKey = (name: string): string => name.toLowerCase().replace(/ς/g, 'σ');

export const sameName = (a: string, b: string): boolean => nameKey(a) === nameKey(b);
