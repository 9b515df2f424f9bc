import type { Decision } from './row-decisions';
import { newlyFailed, settleDependencies } from './row-dependencies';
import type { RowDependency } from './writer-types';

const decision = (rowIndex: number, action: Decision['action'], recordId: string | null = `n${rowIndex}`): Decision => ({ rowIndex, rowNumber: rowIndex + 2, action, recordId });
const need = (rowIndex: number, byId = true): RowDependency => ({ field: 'manager', rowIndex, rowNumber: rowIndex + 2, key: `n${rowIndex}`, byId, where: `row ${rowIndex + 10}, column D 'Manager'`, text: `e${rowIndex}` });
const settle = (decisions: Decision[], byRow: [number, RowDependency[]][]) => settleDependencies(decisions, new Map(byRow), 'Employees');

describe('settleDependencies', () => {
  it('keeps rows whose earlier row inserts (or inserted, in an earlier attempt), and fails those whose earlier row fails or is skipped, in a chain', () => {
    const { decisions, repoints } = settle(
      [decision(4, 'insert'), decision(0, 'insert'), decision(1, 'done'), decision(2, 'fail', null), decision(3, 'insert'), decision(5, 'skip', 'r1'), decision(6, 'update', 'r2')],
      [[3, [need(0), need(1)]], [4, [need(2)]], [6, [need(5)]]],
    );
    expect(decisions.map((d) => [d.rowIndex, d.action, d.error])).toEqual([
      [0, 'insert', undefined],
      [1, 'done', undefined],
      [2, 'fail', undefined],
      [3, 'insert', undefined],
      [4, 'fail', "row 12, column D 'Manager': 'e2' is the Employees record row 4 of this import was to create, but row 4 failed"],
      [5, 'skip', undefined],
      [6, 'fail', "row 15, column D 'Manager': 'e5' is the Employees record row 7 of this import was to create, but row 7 was skipped, so it created none"],
    ]);
    expect(repoints).toEqual([]);
    const cascade = settle([decision(0, 'fail', null), decision(1, 'insert'), decision(2, 'update', 'r3')], [[1, [need(0)]], [2, [need(1)]]]).decisions;
    expect(cascade.map((d) => d.action)).toEqual(['fail', 'fail', 'fail']);
    expect(cascade[2].error).toContain('but row 3 failed');
  });

  it('points a reserved id at the record its row updates instead; a value of another target key stays', () => {
    const { decisions, repoints } = settle([decision(0, 'update', 'r7'), decision(1, 'insert'), decision(2, 'insert')], [[1, [need(0)]], [2, [need(0, false)]]]);
    expect(decisions.map((d) => d.action)).toEqual(['update', 'insert', 'insert']);
    expect(repoints).toEqual([{ rowIndex: 1, field: 'manager', from: 'n0', to: 'r7' }]);
    // A row finding its record already as it says writes nothing, and the record is there: named all the same.
    expect(settle([decision(0, 'unchanged', 'r8'), decision(1, 'insert')], [[1, [need(0)]]]).repoints).toEqual([{ rowIndex: 1, field: 'manager', from: 'n0', to: 'r8' }]);
  });

  it('leaves rows without dependencies, and rows that fail or are skipped themselves, as they are; newlyFailed lists what it changed', () => {
    const before = [decision(0, 'fail', null), decision(1, 'skip', 'r1'), decision(2, 'insert')];
    const { decisions } = settle(before, [[1, [need(0)]], [2, [need(0)]]]);
    expect(decisions.map((d) => d.action)).toEqual(['fail', 'skip', 'fail']);
    expect(newlyFailed(before, decisions).map((d) => d.rowIndex)).toEqual([2]);
    expect(settle(before, []).decisions).toEqual(before);
  });
});
