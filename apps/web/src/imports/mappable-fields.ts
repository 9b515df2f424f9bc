// The matcher alone, without the contracts' schemas: the same matching as the analysis.
import { isRequiredInput, matchColumnToField } from '@intake/contracts/column-matcher';
import type { CollectionDescription, CollectionField, ImportPlan, ImportPreview } from '../types';

/**
 * The fields a column may go into: ones with a column of their own or a many-to-many link table,
 * that neither NocoBase nor the importer fills; in update mode the record id too, as the key that
 * finds each record. import-service checks the plan again (types, keys, grants) and names the
 * column when something does not fit.
 */
export function mappableFields(description: CollectionDescription, mode: ImportPlan['mode']): CollectionField[] {
  return description.fields.filter((f) => {
    if (f.primary_key) return mode === 'update' && f.column !== null;
    if (f.system || f.hidden) return false;
    const link = f.relation?.type === 'belongsToMany' ? f.relation : null;
    return link ? !!(link.through && link.foreign_key_column && link.other_key_column) : f.column !== null && f.relation?.type !== 'hasOne' && f.relation?.type !== 'hasMany';
  });
}

/** A field as the column's choice names it: its title, and its name when the title differs (UI-made fields are f_xxxx). */
export function fieldLabel(field: CollectionField): string {
  const name = field.title && field.title !== field.name ? `${field.title} (${field.name})` : field.name;
  return field.relation ? `${name} → ${field.relation.target}` : name;
}

/** The fields a new record needs that no column of the sheet goes into (modes that create records only). */
export function requiredUnmapped(sheet: ImportPlan['sheets'][number], description: CollectionDescription, mode: ImportPlan['mode']): CollectionField[] {
  if (mode === 'update') return [];
  const mapped = new Set(Object.values(sheet.mapping).flatMap((f) => (f ? [f.split('.')[0]] : [])));
  return description.fields.filter((f) => isRequiredInput(f) && !mapped.has(f.name));
}

type Sheet = ImportPreview['sheets'][number];

/**
 * A sheet's columns matched to another collection's fields, as the analysis matches them: by name,
 * then by title, each field to one column only (the first that names it).
 */
export function matchColumns(sheet: Sheet, description: CollectionDescription, mode: ImportPlan['mode']): Record<string, string | null> {
  const free = mappableFields(description, mode).filter((f) => !f.primary_key);
  const mapping: Record<string, string | null> = {};
  for (const column of sheet.columns) {
    const field = matchColumnToField(column.name, free, description);
    mapping[column.letter] = field?.name ?? null;
    if (field) free.splice(free.indexOf(field), 1);
  }
  return mapping;
}

/**
 * The fields that can be a sheet's keys: plain fields (with a column of their own) the sheet maps;
 * in update mode that includes the record id.
 */
export function keyCandidates(sheet: ImportPlan['sheets'][number], description: CollectionDescription | null): string[] {
  const fields = description?.fields ?? [];
  const mapped = Object.values(sheet.mapping).filter((name): name is string => !!name && fields.some((f) => f.name === name && f.column !== null && f.relation?.type !== 'belongsToMany'));
  return [...new Set(mapped)];
}

/** The key a sheet is first given for upsert or update: the first unique field it maps (a SKU, an e-mail), not the record id. */
export function proposedKeys(sheet: ImportPlan['sheets'][number], description: CollectionDescription | null): string[] {
  const unique = keyCandidates(sheet, description).find((name) => description?.fields.some((f) => f.name === name && f.unique && !f.primary_key));
  return unique ? [unique] : [];
}
