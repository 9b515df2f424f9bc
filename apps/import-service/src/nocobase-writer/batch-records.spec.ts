import { BatchRecords } from './batch-records';
import { reservedIdFor, type ReservedIds } from './reserved-ids';
import type { RelationPlan } from './row-converter';
import { collection, field } from './test-support/descriptions';
import type { ConvertedRow, DbValue } from './writer-types';

const ids: ReservedIds = { kind: 'sequence', jobId: 'j', sequence: 's', firstId: '1000', lastId: '1099', rowCount: 100 };
const staff = collection('staff', [field('name', { title: 'Name' }), field('email', { title: 'Email', unique: true }), field('code', { title: 'Code', db_type: 'bigint', interface: 'integer', type: 'bigInt' })], { title: 'Staff', title_field: 'name' });
const relation = (targetKey = 'id') => ({ type: 'belongsTo' as const, target: 'staff', foreign_key: 'bossId', foreign_key_column: 'bossId', target_key: targetKey, source_key: null, through: null, other_key: null, other_key_column: null, on_delete: null });
const plan = (matchBy: string | null = null, targetKey = 'id'): RelationPlan => ({ field: field('boss', { title: 'Boss', column: 'bossId', relation: relation(targetKey) }), matchBy, target: staff });
const row = (rowIndex: number, values: Record<string, DbValue>): ConvertedRow => ({ rowIndex, rowNumber: rowIndex + 2, values, refs: [] });

describe('BatchRecords', () => {
  const rows = [row(10, { name: 'Ann', email: 'ann@x', code: '7' }), row(11, { name: 'Bo', email: 'bo@x', code: null }), row(12, { name: 'Ann', email: 'ann2@x', code: '8' }), row(13, { name: 'Cy', email: 'cy@x', code: '9' })];
  const records = new BatchRecords('staff', ids, rows);

  it('names the record of an earlier row by its reserved id, by the title field first, then the unique fields', () => {
    expect(records.match(plan(), 'Bo', rows[3])).toEqual({ found: 'earlier', rowNumber: 13, link: { rowIndex: 11, key: reservedIdFor(ids, 11), byId: true } });
    expect(records.match(plan(), 'ann2@x', rows[3])).toEqual({ found: 'earlier', rowNumber: 14, link: { rowIndex: 12, key: '1012', byId: true } });
    expect(records.match(plan('code'), '007', rows[3])).toEqual({ found: 'earlier', rowNumber: 12, link: { rowIndex: 10, key: '1010', byId: true } });
  });

  it('tells a later row, the row itself, two earlier rows and no row apart', () => {
    expect(records.match(plan(), 'Cy', rows[1])).toEqual({ found: 'later', rowNumber: 15 });
    expect(records.match(plan(), 'bo@x', rows[1])).toEqual({ found: 'self', rowNumber: 13 });
    expect(records.match(plan(), 'Ann', rows[3])).toMatchObject({ found: 'several', rowNumbers: [12, 14] });
    // Between the two: only the first is earlier.
    expect(records.match(plan(), 'Ann', rows[1])).toMatchObject({ found: 'earlier', rowNumber: 12 });
    expect(records.match(plan(), 'Dee', rows[3])).toBeNull();
  });

  it('links by another target key with the row\'s value of it; a row that leaves it empty cannot be named', () => {
    expect(records.match(plan('name', 'code'), 'Ann', rows[1])).toEqual({ found: 'earlier', rowNumber: 12, link: { rowIndex: 10, key: '7', byId: false } });
    expect(records.match(plan('name', 'code'), 'Bo', rows[3])).toBeNull();
  });

  it('knows the records the batch creates by their reserved ids', () => {
    expect([reservedIdFor(ids, 10), reservedIdFor(ids, 11), reservedIdFor(ids, 13), reservedIdFor(ids, 99), '42'].map((id) => records.createdInBatch(id))).toEqual([true, true, true, false, false]);
  });
});
