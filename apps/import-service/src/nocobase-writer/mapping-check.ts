import { type CollectionDescription, type CollectionField, isRequiredInput } from '@intake/contracts';
import type { ColumnInfo } from '@intake/tabular';
import { columnName, fieldByName, mappedColumns } from './column-mapping';
import { notWritable } from '../nocobase/collection-describer';
import { notImportableReason } from './field-kind';
import { type ColumnMapping, modeInserts, type WriteMode } from './writer-types';

export type MappingProblemCode =
  | 'COLLECTION_NOT_WRITABLE'
  | 'PRIMARY_KEY_UNSUPPORTED'
  | 'UNKNOWN_FIELD'
  | 'SYSTEM_FIELD'
  | 'NOT_IMPORTABLE'
  | 'DUPLICATE_FIELD'
  | 'UNKNOWN_MATCH_FIELD'
  | 'REQUIRED_UNMAPPED'
  | 'KEY_REQUIRED'
  | 'KEY_UNKNOWN'
  | 'KEY_UNMAPPED'
  | 'KEY_NOT_UNIQUE'
  | 'TREE_PATH_MISSING';

/** Something wrong with a plan, found before any row is read. Errors stop the job; warnings are shown. */
export interface MappingProblem {
  code: MappingProblemCode;
  severity: 'error' | 'warning';
  field?: string;
  column?: number;
  message: string;
}

export interface MappingCheckOptions {
  /** The sheet's columns, for headers in messages. */
  columns?: readonly ColumnInfo[];
  /** Related collections by name, to check `relation.field` entries. */
  targets?: Readonly<Record<string, CollectionDescription>>;
}

/** Id kinds the writer can assign: reserved snowflakes, or a reserved block of a legacy sequence. */
const INSERTABLE_KEYS = new Set(['snowflake', 'auto_increment']);

export const hasMappingErrors = (problems: readonly MappingProblem[]): boolean => problems.some((p) => p.severity === 'error');

/**
 * Everything that would make every row fail, or make the result surprising, said once at plan time:
 * unknown, system or relation-only fields (hasMany, hasOne), a column mapped twice, required fields
 * no column fills (in modes that create records), missing or non-unique key fields.
 */
export function checkMapping(description: CollectionDescription, mapping: ColumnMapping, mode: WriteMode, keyFields: readonly string[], options: MappingCheckOptions = {}): MappingProblem[] {
  const problems: MappingProblem[] = [];
  const error = (code: MappingProblemCode, message: string, at: { field?: string; column?: number } = {}) => problems.push({ code, severity: 'error', message, ...at });
  const title = description.title;
  if (!description.can_write) error('COLLECTION_NOT_WRITABLE', notWritable(description));
  const pk = description.primary_key;
  if (modeInserts(mode) && !INSERTABLE_KEYS.has(pk.kind)) {
    error('PRIMARY_KEY_UNSUPPORTED', `${title} has a ${pk.kind.replace('_', '-')} primary key: the importer can only create records with snowflake or auto-increment ids (use update mode)`);
  } else if (pk.columns.length !== 1) {
    error('PRIMARY_KEY_UNSUPPORTED', `${title} has no single-column primary key, so its records cannot be updated one by one`);
  }
  const seen = new Map<string, number>();
  for (const entry of mappedColumns(mapping)) {
    const where = columnName(entry.column, options.columns);
    const at = { field: entry.field, column: entry.column };
    const field = fieldByName(description, entry.field);
    if (!field) {
      const fk = description.foreign_key_columns.find((f) => f.field === entry.field);
      const relation = fk && description.fields.find((f) => f.relation?.type === 'belongsTo' && f.column === fk.column);
      error('UNKNOWN_FIELD', relation ? `${where} is mapped to ${entry.field}, the key column of ${relation.title}: map it to ${relation.title} instead` : `${where} is mapped to ${entry.field}, which ${title} does not have`, at);
      continue;
    }
    if (seen.has(field.name)) error('DUPLICATE_FIELD', `${where} and ${columnName(seen.get(field.name) as number, options.columns)} are both mapped to ${field.title}`, at);
    seen.set(field.name, entry.column);
    const problem = fieldProblem(field, mode, keyFields, description);
    if (problem) error(problem.code, `${where}: ${problem.message}`, at);
    if (entry.matchBy) checkMatchBy(field, entry.matchBy, where, options, (message) => error('UNKNOWN_MATCH_FIELD', message, at));
  }
  if (modeInserts(mode)) {
    for (const field of description.fields.filter((f) => isRequiredInput(f) && !seen.has(f.name))) {
      error('REQUIRED_UNMAPPED', `${field.title} is required in ${title}, but no column is mapped to it: no new record could be created`, { field: field.name });
    }
  }
  problems.push(...keyProblems(description, mode, keyFields, seen));
  if (description.tree && !description.tree.path_table.exists) {
    problems.push({ code: 'TREE_PATH_MISSING', severity: 'warning', message: `${title} is a tree, but its path table ${description.tree.path_table.name} does not exist: NocoBase's tree view will not show new records` });
  }
  return problems;
}

function fieldProblem(field: CollectionField, mode: WriteMode, keyFields: readonly string[], d: CollectionDescription): { code: MappingProblemCode; message: string } | null {
  if (field.primary_key) {
    if (mode === 'update' && keyFields.length === 1 && keyFields[0] === field.name) return null;
    return { code: 'SYSTEM_FIELD', message: `${field.title} is the record id, which the importer assigns; map it only as the key of an update` };
  }
  if (field.system) return { code: 'SYSTEM_FIELD', message: `${field.title} is set by the importer (${d.title} keeps it for every record)` };
  // A password, a reset token, a sort key: NocoBase keeps them from its users; so does an import, its preview and its look-ups.
  if (field.hidden) return { code: 'NOT_IMPORTABLE', message: `${hiddenField(field)}: it cannot be imported` };
  const reason = notImportableReason(field);
  if (reason) return { code: 'NOT_IMPORTABLE', message: reason };
  // Link rows hold the record's id: a link by another of its fields would need that field's value.
  const sourceKey = field.relation?.type === 'belongsToMany' ? (field.relation.source_key ?? 'id') : null;
  if (sourceKey !== null && sourceKey !== (d.primary_key.field ?? 'id')) {
    return { code: 'NOT_IMPORTABLE', message: `${field.title} links ${d.title} records by ${sourceKey}, not by their id, which the importer cannot do yet` };
  }
  return null;
}

function checkMatchBy(field: CollectionField, matchBy: string, where: string, options: MappingCheckOptions, report: (message: string) => void): void {
  if (field.relation?.type !== 'belongsTo' && field.relation?.type !== 'belongsToMany') {
    report(`${where} is mapped to ${field.name}.${matchBy}, but ${field.title} is not a belongsTo or belongsToMany relation`);
    return;
  }
  const target = options.targets?.[field.relation.target];
  const related = target && fieldByName(target, matchBy);
  if (target && (!related || !related.column || related.relation)) report(`${where}: ${target.title} has no field ${matchBy} to find ${field.title} by`);
  else if (related?.hidden) report(`${where}: ${hiddenField(related)}: ${field.title} cannot be found by it`);
}

function hiddenField(field: CollectionField): string {
  return `${field.title} is a hidden field in NocoBase (one it keeps for itself, such as a password or a token)`;
}

function keyProblems(d: CollectionDescription, mode: WriteMode, keyFields: readonly string[], mapped: Map<string, number>): MappingProblem[] {
  const problems: MappingProblem[] = [];
  if (mode !== 'insert' && !keyFields.length) {
    problems.push({ code: 'KEY_REQUIRED', severity: 'error', message: `The ${mode} mode needs key fields to find existing records` });
  }
  const fields: CollectionField[] = [];
  for (const name of keyFields) {
    const field = fieldByName(d, name);
    if (!field || !field.column || (field.relation && field.relation.type !== 'belongsTo')) {
      problems.push({ code: 'KEY_UNKNOWN', severity: 'error', field: name, message: `Key field ${name} is not a field of ${d.title} with a column` });
    } else if (!mapped.has(name)) {
      problems.push({ code: 'KEY_UNMAPPED', severity: 'error', field: name, message: `Key field ${field.title} is not mapped to any column` });
    } else fields.push(field);
  }
  if (fields.length && fields.length === keyFields.length && !fields.some((f) => f.unique)) {
    const names = fields.map((f) => f.title).join(' + ');
    problems.push({ code: 'KEY_NOT_UNIQUE', severity: 'warning', message: `${names} ${fields.length > 1 ? 'are' : 'is'} not unique in ${d.title}: a row whose key matches several records will fail` });
  }
  return problems;
}
