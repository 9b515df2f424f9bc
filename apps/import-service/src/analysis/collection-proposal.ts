import { type CollectionDescription, type CollectionField, type CollectionSummary, matchColumnToField, normalizeHeader } from '@intake/contracts';
import type { ColumnInfo } from '@intake/tabular';
import { fieldKind } from '../nocobase-writer/field-kind';

/** The writable collection whose name or title matches the sheet's name (or the CSV's file name). */
export function proposeCollection(sheetName: string, collections: readonly CollectionSummary[]): string | null {
  const key = normalizeHeader(sheetName);
  if (!key) return null;
  const writable = collections.filter((c) => c.can_write);
  const match =
    writable.find((c) => normalizeHeader(c.name) === key) ??
    writable.find((c) => normalizeHeader(c.title) === key) ??
    // "customers-2024.csv" → customers; "Orders (export)" → orders
    writable.find((c) => key.startsWith(normalizeHeader(c.name)) || key.startsWith(normalizeHeader(c.title)));
  return match?.name ?? null;
}

/** The most collections described to match a sheet's columns when its name matches none (each is a metadata read). */
export const MAX_COLLECTIONS_BY_COLUMNS = 30;

/**
 * The collection whose fields the sheet's columns name best, for a file whose name says nothing
 * ("export_2026-11-28.csv"): at least half of the named columns (and two) must match, and no other
 * collection as many, else none is proposed.
 */
export function proposeByColumns(columns: readonly ColumnInfo[], descriptions: readonly CollectionDescription[]): string | null {
  const named = columns.filter((c) => !c.generated).length;
  const scored = descriptions
    .map((d) => ({ name: d.name, matched: Object.values(proposeMapping(columns, d)).filter(Boolean).length }))
    .sort((a, b) => b.matched - a.matched);
  const [best, next] = scored;
  if (!best || best.matched < Math.max(2, Math.ceil(named / 2))) return null;
  return next && next.matched === best.matched ? null : best.name;
}

/**
 * Fields a spreadsheet column may fill: own columns of a kind a cell converts to, belongsTo and
 * belongsToMany relations, never system fields. A column named like a JSON field is proposed nowhere
 * (proposed there, its analysis failed with no preview to unmap it in).
 */
export function mappableFields(description: CollectionDescription): CollectionField[] {
  return description.fields.filter((f) => !f.system && !f.hidden && fieldKind(f) !== null);
}

/** Column letter → proposed field, by field name and by title, ignoring case, accents and spacing. */
export function proposeMapping(columns: readonly ColumnInfo[], description: CollectionDescription | null): Record<string, string | null> {
  const fields = description ? mappableFields(description) : [];
  const taken = new Set<string>();
  const mapping: Record<string, string | null> = {};
  for (const column of columns) {
    const field = column.generated ? null : matchColumnToField(column.name, fields, description ?? undefined);
    mapping[column.letter] = field && !taken.has(field.name) ? field.name : null;
    if (field) taken.add(field.name);
  }
  return mapping;
}
