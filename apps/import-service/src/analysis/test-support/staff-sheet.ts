import { Readable } from 'node:stream';
import type { CollectionDescription } from '@intake/contracts';
import { openTable } from '@intake/tabular';
import { RowConverter } from '../../nocobase-writer/row-converter';
import type { WriterStack } from '../../nocobase-writer/test-support/writer-fixture';
import { analyseSheet, type SheetValidation } from '../sheet-analysis';

/** The fixture's employees: Full name, Email (unique) and Manager (a relation to employees, by e-mail). */
export const EMPLOYEES = 't_p3txouos661';
export const STAFF_MAPPING = { 0: 'f_acdt3u3eed3', 1: 'f_oohdks4lfem', 2: 'f_gjyq3tdgpaj' };

/**
 * Analyses rows of "Full name,Email,Manager" as employees, the managers looked up in the fixture as
 * JobAnalyser looks them up, with the checks `checks` makes for the collection.
 */
export async function analyseStaff(stack: WriterStack, rows: string[], checks: (description: CollectionDescription) => Pick<SheetValidation, 'uniques' | 'keys'>) {
  const description = await stack.describe(EMPLOYEES);
  const csv = ['Full name,Email,Manager', ...rows].join('\n');
  const table = await (await openTable(async () => Readable.from([Buffer.from(csv)]), { name: 'staff' })).read();
  const converter = new RowConverter(description, STAFF_MAPPING, { columns: table.columns });
  const plans = converter.relationPlans({ [EMPLOYEES]: description });
  const validation: SheetValidation = {
    converter,
    mappingProblems: [],
    earlier: null,
    ...checks(description),
    resolve: (converted) => stack.relations.resolve(stack.conn, plans, converted, null),
    suggest: async () => new Map<string, string[]>(),
  };
  return analyseSheet(table, EMPLOYEES, { A: STAFF_MAPPING[0], B: STAFF_MAPPING[1], C: STAFF_MAPPING[2] }, validation);
}
