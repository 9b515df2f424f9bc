import type { RelationPlan } from '../nocobase-writer/row-converter';
import { collection, field } from '../nocobase-writer/test-support/descriptions';
import type { ConvertedRow } from '../nocobase-writer/writer-types';
import { EarlierRecords } from './earlier-records';

const staff = collection('staff', [field('email', { title: 'Email', unique: true })], { title: 'Staff' });
const boss = field('boss', { title: 'Boss', column: 'bossId', relation: { type: 'belongsTo', target: 'staff', foreign_key: 'bossId', foreign_key_column: 'bossId', target_key: 'id', source_key: null, through: null, other_key: null, other_key_column: null, on_delete: null } });
const plan: RelationPlan = { field: boss, matchBy: null, target: staff };
const row = (rowNumber: number, email: string): ConvertedRow => ({ rowIndex: rowNumber - 2, rowNumber, values: { email }, refs: [] });

describe('EarlierRecords', () => {
  it('finds values earlier rows hold, tells later rows and the row itself apart, and writes nothing', () => {
    const earlier = new EarlierRecords('staff', [plan]);
    ['a@x', 'b@x', 'c@x'].forEach((email, i) => earlier.add(row(i + 2, email)));
    expect(earlier.match(plan, 'a@x', row(3, 'b@x'))).toEqual({ found: 'earlier', rowNumber: 2, link: null });
    expect(earlier.match(plan, 'c@x', row(3, 'b@x'))).toEqual({ found: 'later', rowNumber: 4 });
    expect(earlier.match(plan, 'b@x', row(3, 'b@x'))).toEqual({ found: 'self', rowNumber: 3 });
    expect(earlier.match(plan, 'z@x', row(3, 'b@x'))).toBeNull();
    expect(earlier.uncheckedFields).toEqual([]);
    expect(earlier.createdInBatch()).toBe(false);
  });

  it('keeps the first `capacity` distinct values; past them a value found nowhere is unchecked, and says for which relation', () => {
    const earlier = new EarlierRecords('staff', [plan], 2);
    ['a@x', 'a@x', 'b@x', 'c@x'].forEach((email, i) => earlier.add(row(i + 2, email)));
    expect(earlier.match(plan, 'b@x', row(9, 'x'))).toMatchObject({ found: 'earlier', rowNumber: 4 });
    expect(earlier.match(plan, 'c@x', row(9, 'x'))).toEqual({ found: 'unchecked' });
    expect(earlier.uncheckedFields).toEqual(['Boss']);
  });

  it('ignores relations to other collections', () => {
    const other = { ...plan, target: { ...staff, name: 'teams' } };
    const earlier = new EarlierRecords('staff', [other]);
    earlier.add(row(2, 'a@x'));
    expect(earlier.match(other, 'a@x', row(3, 'b@x'))).toBeNull();
  });
});
