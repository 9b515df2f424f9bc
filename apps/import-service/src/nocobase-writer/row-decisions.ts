import type { CollectionField } from '@intake/contracts';
import type { StagedRow } from './batch-stage';
import type { ExistingRecords } from './existing-records';
import type { DbValue, WriteMode } from './writer-types';

/** A record this job already wrote, or found already holding its row's values (`unchanged`), from the journal. */
export interface JournalMark {
  rowIndex: number;
  rowNumber: number;
  unchanged?: boolean;
}

/**
 * What one row does: `insert` with its reserved id, `update` of an existing record, `unchanged` — its
 * record already holds the row's values, so nothing is written —, `skip`, `fail`, or `done` — its
 * record was already inserted by an earlier attempt of this same row (a replay).
 */
export interface Decision {
  rowIndex: number;
  rowNumber: number;
  action: 'insert' | 'update' | 'unchanged' | 'skip' | 'fail' | 'done';
  recordId: string | null;
  error?: string;
}

export interface DecisionInput {
  rows: readonly StagedRow[];
  mode: WriteMode;
  keys: readonly CollectionField[];
  uniques: readonly CollectionField[];
  /** Mapped fields a new record needs: an upsert keeping empty cells lets their blanks through to here. */
  required?: readonly CollectionField[];
  existing: ExistingRecords;
  /** Records this job wrote before, by id. */
  journal: ReadonlyMap<string, JournalMark>;
  /** How a message names a row of the job that wrote a record: "row 3 of sheet 'Customers'" (default "row 3 of this import"). */
  rowName?: (rowIndex: number, rowNumber: number) => string;
}

export function showValue(value: DbValue | undefined): string {
  if (value instanceof Date) return `'${value.toISOString()}'`;
  if (Array.isArray(value)) return `'${value.join(', ')}'`;
  return typeof value === 'string' ? `'${value}'` : String(value);
}

/** Tells values apart by type and content; runs per row and key, so plain strings skip JSON. */
const valueKey = (value: DbValue | undefined): string => {
  if (typeof value === 'string') return `s${value}`;
  if (value instanceof Date) return `d${value.toISOString()}`;
  return `j${JSON.stringify(value)}`;
};

const NO_VALUES: readonly DbValue[] = [];

/**
 * A Map key that tells values apart like valueKey, without building a string for the common case:
 * text, numbers and booleans are their own keys (the Map keeps '5' and 5 apart); the rest get a
 * prefix starting with NUL, which no stored text can (field-values refuses NUL characters).
 */
function claimKey(value: DbValue): unknown {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return value instanceof Date ? `\u0000d${value.toISOString()}` : `\u0000j${JSON.stringify(value)}`;
}

/**
 * Decides every row of a batch, in row order, from what the table holds and what the journal says
 * this job already wrote. Deterministic: a replay of the same rows reaches the same decisions and
 * messages, whether or not the first attempt committed. The first row with a key or unique value
 * wins; a later row with the same value fails naming it (skip-existing: is skipped), within a batch
 * and across the job's batches alike.
 */
export function decideRows(input: DecisionInput): Decision[] {
  const { mode, keys, uniques, existing, journal } = input;
  const rowName = input.rowName ?? ((_: number, rowNumber: number) => `row ${rowNumber} of this import`);
  const keyClaims = new Map<string, { rowNumber: number; recordId: string | null }>();
  // Per unique field; looked up once or twice per row, so keyed without building strings where possible.
  const uniqueClaims = uniques.map(() => new Map<unknown, number>());
  const holders = uniques.map((u) => existing.uniqueHolders.get(u.name));
  return [...input.rows]
    .sort((a, b) => a.rowIndex - b.rowIndex)
    .map((row) => {
      const decided = decideOne(row);
      if (decided.action !== 'fail' && decided.action !== 'skip') {
        if (keys.length) keyClaims.set(keys.map((k) => valueKey(row.values[k.name])).join('\u0000'), { rowNumber: row.rowNumber, recordId: decided.recordId });
        uniques.forEach((u, i) => {
          const value = row.values[u.name];
          if (value !== null && value !== undefined) uniqueClaims[i].set(claimKey(value), row.rowNumber);
        });
      }
      return decided;
    });

  function decideOne(row: StagedRow): Decision {
    const base = { rowIndex: row.rowIndex, rowNumber: row.rowNumber };
    const fail = (error: string): Decision => ({ ...base, action: 'fail', recordId: null, error: `row ${row.rowNumber}: ${error}` });
    if (row.newId !== null && existing.ownIdTaken.has(row.rowIndex)) {
      const mark = journal.get(row.newId);
      if (mark?.rowIndex === row.rowIndex) return { ...base, action: 'done', recordId: row.newId };
      return fail(`the id reserved for this row (${row.newId}) is already used by another record: a NocoBase process uses this target's snowflake worker id`);
    }
    let action: Decision['action'] = 'insert';
    let recordId = row.newId;
    const keyValues = keys.length ? keys.map((k) => row.values[k.name]) : NO_VALUES;
    const keyText = () => keys.map((k, i) => `${k.title} ${showValue(keyValues[i])}`).join(' and ');
    if (keys.length && keyValues.some((v) => v === null || v === undefined)) {
      if (mode !== 'insert') return fail(`${keys.filter((k, i) => keyValues[i] === null).map((k) => k.title).join(' and ')} is empty, but it is a key field`);
    } else if (keys.length) {
      const claim = keyClaims.get(keyValues.map(valueKey).join('\u0000'));
      if (claim) return mode === 'skip-existing' ? { ...base, action: 'skip', recordId: claim.recordId } : fail(`row ${claim.rowNumber} of this import has the same ${keyText()}`);
      const matches = existing.keyMatches.get(row.rowIndex) ?? [];
      if (matches.length > 1) return fail(mode === 'insert' ? `${keyText()} already exists` : `several records have ${keyText()}: the key must identify one record`);
      if (matches.length === 1) {
        const mark = journal.get(matches[0]);
        if (mode === 'skip-existing') return { ...base, action: 'skip', recordId: matches[0] };
        if (mark && mark.rowIndex !== row.rowIndex) return fail(`${rowName(mark.rowIndex, mark.rowNumber)} ${mark.unchanged ? 'has the same' : 'already wrote the record with'} ${keyText()}`);
        if (mode === 'insert') return fail(`${keyText()} already exists (record ${matches[0]})`);
        // A replay decides as the first attempt did, journaled: an update finds the record as it left it.
        // (Found unchanged then and changed since, it is written now; its journal entry stays, so a rollback leaves it.)
        const unchanged = existing.unchanged.has(row.rowIndex) && (!mark || mark.unchanged === true);
        [action, recordId] = [unchanged ? 'unchanged' : 'update', matches[0]];
      } else if (mode === 'update') return fail(`no record has ${keyText()}`);
    }
    if (action === 'insert' && row.newId === null) throw new Error(`row ${row.rowNumber} needs a new record but the batch has no reserved ids`);
    const blank = action === 'insert' ? (input.required ?? []).filter((f) => row.values[f.name] === null || row.values[f.name] === undefined) : [];
    if (blank.length) return fail(`${blank.map((f) => f.title).join(' and ')} ${blank.length === 1 ? 'is' : 'are'} empty, but a new record needs ${blank.length === 1 ? 'it' : 'them'}`);
    for (let i = 0; i < uniques.length; i++) {
      const u = uniques[i];
      const value = row.values[u.name];
      if (value === null || value === undefined) continue;
      const claimedBy = uniqueClaims[i].get(claimKey(value));
      if (claimedBy !== undefined) return fail(`row ${claimedBy} of this import has the same ${u.title} ${showValue(value)}`);
      const holder = holders[i]?.get(row.rowIndex);
      if (holder === undefined || holder === recordId) continue;
      const mark = journal.get(holder);
      if (mark && !mark.unchanged) return fail(`${u.title} ${showValue(value)} was already written by ${rowName(mark.rowIndex, mark.rowNumber)}`);
      return fail(action === 'insert' ? `${u.title} ${showValue(value)} already exists` : `${u.title} ${showValue(value)} already belongs to another record (${holder})`);
    }
    return { rowIndex: row.rowIndex, rowNumber: row.rowNumber, action, recordId };
  }
}
