/**
 * The items of a many-to-many cell, read as NocoBase's own importer does (ToManyInterface.toValue:
 * `String(cell).trim().split(',')`): each item trimmed, empty ones dropped, repeats kept once. An
 * empty list means the record has no links for that field.
 */
export function splitLinkCell(text: string): string[] {
  const items = text
    .trim()
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  return [...new Set(items)];
}
