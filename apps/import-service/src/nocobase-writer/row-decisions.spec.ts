import type { StagedRow } from './batch-stage';
import type { ExistingRecords } from './existing-records';
import { decideRows, type DecisionInput } from './row-decisions';
import { field } from './test-support/descriptions';

const email = field('email', { title: 'Email', unique: true });
const sku = field('sku', { title: 'SKU', unique: true });
const row = (rowIndex: number, values: Record<string, string | null>, newId: string | null = `n${rowIndex}`): StagedRow => ({ rowIndex, rowNumber: rowIndex + 2, newId, values });
const none = (): ExistingRecords => ({ ownIdTaken: new Set(), keyMatches: new Map(), unchanged: new Set<number>(), uniqueHolders: new Map([['email', new Map()], ['sku', new Map()]]), images: new Map() });
const decide = (input: Partial<DecisionInput> & Pick<DecisionInput, 'rows' | 'mode'>) =>
  decideRows({ keys: [], uniques: [email], existing: none(), journal: new Map(), ...input }).map((d) => [d.action, d.recordId, d.error]);

describe('decideRows', () => {
  it('insert: a unique value held in the table or by an earlier row fails the row; the rest insert with their reserved ids', () => {
    const existing = none();
    existing.uniqueHolders.get('email')?.set(1, 'r9');
    expect(decide({ mode: 'insert', existing, rows: [row(0, { email: 'a' }), row(1, { email: 'b' }), row(2, { email: 'a' }), row(3, { email: null })] })).toEqual([
      ['insert', 'n0', undefined],
      ['fail', null, "row 3: Email 'b' already exists"],
      ['fail', null, "row 4: row 2 of this import has the same Email 'a'"],
      ['insert', 'n3', undefined],
    ]);
  });

  it('recognises its own earlier insert (replay) by the reserved id and the journal, and refuses an id someone else holds', () => {
    const existing = none();
    existing.ownIdTaken = new Set([0, 1]);
    existing.uniqueHolders.get('email')?.set(0, 'n0');
    const journal = new Map([['n0', { rowIndex: 0, rowNumber: 2 }]]);
    expect(decide({ mode: 'upsert', keys: [email], existing, journal, rows: [row(0, { email: 'a' }), row(1, { email: 'b' }), row(2, { email: 'a' })] })).toEqual([
      ['done', 'n0', undefined],
      ['fail', null, 'row 3: the id reserved for this row (n1) is already used by another record: a NocoBase process uses this target\'s snowflake worker id'],
      ['fail', null, "row 4: row 2 of this import has the same Email 'a'"],
    ]);
  });

  it('a row that would add a record with a required field empty fails; one that updates keeps the record\'s value, or is unchanged', () => {
    const name = field('name', { title: 'Name', required: true });
    const existing = none();
    existing.keyMatches.set(0, ['r1']);
    existing.keyMatches.set(2, ['r2']);
    existing.unchanged.add(2);
    expect(decide({ mode: 'upsert', keys: [email], required: [name], existing, rows: [row(0, { email: 'a', name: null }), row(1, { email: 'b', name: null }), row(2, { email: 'c', name: null }), row(3, { email: 'd', name: 'Dee' })] })).toEqual([
      ['update', 'r1', undefined],
      ['fail', null, 'row 3: Name is empty, but a new record needs it'],
      ['unchanged', 'r2', undefined],
      ['insert', 'n3', undefined],
    ]);
  });

  it('upsert/update/skip-existing by key: one match updates (or skips), none inserts (or fails in update), several fail', () => {
    const existing = none();
    existing.keyMatches.set(0, ['r1']);
    existing.keyMatches.set(1, ['r2', 'r3']);
    const rows = [row(0, { sku: 'A' }, null), row(1, { sku: 'B' }, null), row(2, { sku: 'C' }, null), row(3, { sku: null }, null)];
    expect(decide({ mode: 'update', keys: [sku], uniques: [sku], existing, rows })).toEqual([
      ['update', 'r1', undefined],
      ['fail', null, "row 3: several records have SKU 'B': the key must identify one record"],
      ['fail', null, "row 4: no record has SKU 'C'"],
      ['fail', null, 'row 5: SKU is empty, but it is a key field'],
    ]);
    const withIds = rows.slice(0, 3).map((r) => ({ ...r, newId: `n${r.rowIndex}` }));
    expect(decide({ mode: 'skip-existing', keys: [sku], uniques: [sku], existing, rows: withIds }).map((d) => d[0])).toEqual(['skip', 'fail', 'insert']);
  });

  it('a record an earlier row of the job wrote is not written again by a later row', () => {
    const existing = none();
    existing.keyMatches.set(5, ['n1']);
    existing.uniqueHolders.get('email')?.set(6, 'n1');
    const journal = new Map([['n1', { rowIndex: 1, rowNumber: 3 }]]);
    expect(decide({ mode: 'upsert', keys: [sku], uniques: [email], existing, journal, rows: [row(5, { sku: 'A', email: 'x' }), row(6, { sku: 'Z', email: 'y' })] })).toEqual([
      ['fail', null, "row 7: row 3 of this import already wrote the record with SKU 'A'"],
      ['fail', null, "row 8: Email 'y' was already written by row 3 of this import"],
    ]);
  });

  it('an update may keep its own unique value but not take another record\'s', () => {
    const existing = none();
    existing.keyMatches.set(0, ['r1']);
    existing.keyMatches.set(1, ['r2']);
    existing.uniqueHolders.get('email')?.set(0, 'r1');
    existing.uniqueHolders.get('email')?.set(1, 'r1');
    expect(decide({ mode: 'update', keys: [sku], existing, rows: [row(0, { sku: 'A', email: 'a' }, null), row(1, { sku: 'B', email: 'b' }, null)] })).toEqual([
      ['update', 'r1', undefined],
      ['fail', null, "row 3: Email 'b' already belongs to another record (r1)"],
    ]);
  });
});
