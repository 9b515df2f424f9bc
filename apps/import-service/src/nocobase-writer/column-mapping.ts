import type { CollectionDescription, CollectionField } from '@intake/contracts';
import { type ColumnInfo, columnLetter } from '@intake/tabular';

/** One mapped column: the field it fills and, for a belongsTo, the related field its cells name. */
export interface MappedColumn {
  column: number;
  field: string;
  matchBy: string | null;
}

/** `customer.name` → field `customer`, matched by `name`; `email` → field `email`. */
export function parseMappingEntry(column: number, entry: string): MappedColumn {
  const dot = entry.indexOf('.');
  return dot < 0 ? { column, field: entry, matchBy: null } : { column, field: entry.slice(0, dot), matchBy: entry.slice(dot + 1) || null };
}

export function mappedColumns(mapping: Readonly<Record<number, string>>): MappedColumn[] {
  return Object.entries(mapping)
    .map(([column, entry]) => parseMappingEntry(Number(column), entry))
    .sort((a, b) => a.column - b.column);
}

export function fieldByName(description: CollectionDescription, name: string): CollectionField | undefined {
  return description.fields.find((f) => f.name === name);
}

const normalize = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/** "column C 'E-mail'" (or "column C" without a header). */
export function columnName(column: number, columns?: readonly ColumnInfo[]): string {
  const info = columns?.find((c) => c.index === column);
  const letter = info?.letter ?? columnLetter(column);
  return info && !info.generated ? `column ${letter} '${info.name}'` : `column ${letter}`;
}

/**
 * Where a cell is, for the start of a message: "row 12, column C 'Email'", and the field's title
 * when the header does not already say it: "row 12, column C 'E-mail' (Email)".
 */
export function cellLocation(rowNumber: number, column: number, field: CollectionField, columns?: readonly ColumnInfo[]): string {
  const info = columns?.find((c) => c.index === column);
  const same = info && !info.generated && normalize(info.name) === normalize(field.title);
  return `row ${rowNumber}, ${columnName(column, columns)}${same ? '' : ` (${field.title})`}`;
}
