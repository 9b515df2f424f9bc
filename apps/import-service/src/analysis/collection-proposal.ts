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

/** Fields a spreadsheet column may fill: own columns, belongsTo and belongsToMany relations, never system fields. */
export function mappableFields(description: CollectionDescription): CollectionField[] {
  return description.fields.filter((f) => !f.system && !f.hidden && (f.column !== null || f.relation?.type === 'belongsTo' || fieldKind(f) === 'links'));
}

/** Column letter → proposed field, by field name and by title, ignoring case, accents and spacing. */
export function proposeMapping(columns: readonly ColumnInfo[], description: CollectionDescription | null): Record<string, string | null> {
  const fields = description ? mappableFields(description) : [];
  const taken = new Set<string>();
  const mapping: Record<string, string | null> = {};
  for (const column of columns) {
    const field = column.generated ? null : matchColumnToField(column.name, fields);
    mapping[column.letter] = field && !taken.has(field.name) ? field.name : null;
    if (field) taken.add(field.name);
  }
  return mapping;
}
