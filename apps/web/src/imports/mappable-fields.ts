// The matcher alone, without the contracts' schemas: the same matching as the analysis.
import { matchColumnToField } from '@intake/contracts/column-matcher';
import type { CollectionDescription, CollectionField, ImportPreview } from '../types';

/**
 * The fields a column may go into: ones with a column of their own or a many-to-many link, that
 * neither NocoBase nor the importer fills. import-service checks the plan again (types, keys,
 * grants) and names the column when something does not fit.
 */
export function mappableFields(description: CollectionDescription): CollectionField[] {
  return description.fields.filter((f) => !f.system && !f.hidden && (f.column !== null || f.relation?.type === 'belongsToMany'));
}

/** A field as the column's choice names it: its title, and its name when the title differs (UI-made fields are f_xxxx). */
export function fieldLabel(field: CollectionField): string {
  const name = field.title && field.title !== field.name ? `${field.title} (${field.name})` : field.name;
  return field.relation ? `${name} → ${field.relation.target}` : name;
}

type Sheet = ImportPreview['sheets'][number];

/** A sheet's columns matched to another collection's fields, as the analysis matches them: by name, then by title. */
export function matchColumns(sheet: Sheet, description: CollectionDescription): Record<string, string | null> {
  const fields = mappableFields(description);
  return Object.fromEntries(sheet.columns.map((c) => [c.letter, matchColumnToField(c.name, fields)?.name ?? null]));
}
