import { Readable } from 'node:stream';
import { openTable } from '@intake/tabular';
import type { TestDatabase } from '@intake/testing';
import { RowConverter } from '../nocobase-writer/row-converter';
import { closeFixtureDatabase, openFixtureDatabase, type WriterStack } from '../nocobase-writer/test-support/writer-fixture';
import { proposeMapping } from './collection-proposal';
import { analyseSheet } from './sheet-analysis';
import { analyseStaff, STAFF_MAPPING } from './test-support/staff-sheet';
import { existingValues, UniqueValueCheck } from './unique-values';

describe('preview: values of unique fields already in the collection, or repeated in the file', () => {
  let db: TestDatabase;
  let stack: WriterStack;
  const looked: number[] = [];

  beforeAll(async () => {
    ({ db, stack } = await openFixtureDatabase());
  });
  afterAll(() => closeFixtureDatabase(db, stack));

  /** What JobAnalyser wires for a sheet of customers, with the unique values checked against the fixture's table. */
  async function analyse(csv: string, capacity?: number) {
    const description = await stack.describe('customers');
    const table = await (await openTable(async () => Readable.from([Buffer.from(csv)]), { name: 'customers' })).read();
    const letters = proposeMapping(table.columns, description);
    const mapping = Object.fromEntries(table.columns.flatMap((c) => (letters[c.letter] ? [[c.index, letters[c.letter] as string]] : [])));
    const converter = new RowConverter(description, mapping, { columns: table.columns });
    const lookup = (field: Parameters<typeof existingValues>[2], texts: string[]) => {
      looked.push(texts.length);
      return stack.pools.withClient(stack.conn, (client) => existingValues(client, description, field, texts));
    };
    const uniques = new UniqueValueCheck(description, mapping, lookup, capacity);
    const validation = { converter, mappingProblems: [], earlier: null, uniques, resolve: async () => ({ rows: [], failed: [], missing: [] }), suggest: async () => new Map<string, string[]>() };
    return analyseSheet(table, 'customers', letters, validation);
  }

  it('counts the rows whose e-mail a customer has, and those repeating an earlier row, naming the rows', async () => {
    const preview = await analyse(['Name,Email', 'Al,alice@example.com', 'Ny,new@x.test', 'Ny again,new@x.test', 'Bo,bob@example.com', 'Al again,alice@example.com', 'Case,ALICE@example.com'].join('\n'));
    const email = preview.columns.find((c) => c.proposed_field === 'email');
    // Compared as the unique index compares them: ALICE@ is another value. Row 6 is both held and repeated: insert fails it once.
    expect(email?.unique_values).toEqual({ existing: 3, existing_rows: [2, 5, 6], repeated: 2, repeated_rows: [{ row: 4, first_row: 3 }, { row: 6, first_row: 2 }], insert_fails: 4, all_counted: true });
    // Not a unique field: nothing to say.
    expect(preview.columns.find((c) => c.proposed_field === 'name')?.unique_values).toBeNull();
  });

  it('finds them past the first look-up batch, one query per batch rather than per row', async () => {
    looked.length = 0;
    const rows = Array.from({ length: 4500 }, (_, i) => `P${i},p${i}@x.test`);
    rows[4200] = 'Carol,carol@example.com';
    rows[10] = 'Bob,bob@example.com';
    const email = (await analyse(['Name,Email', ...rows].join('\n'))).columns.find((c) => c.proposed_field === 'email');
    expect(email?.unique_values).toMatchObject({ existing: 2, existing_rows: [12, 4202], repeated: 0 });
    expect(looked).toEqual([2000, 2000, 500]);
  });

  it('counts no value of a row whose relation cell names no record: the run writes none of it, so a later row may have it', async () => {
    const preview = await analyseStaff(stack, ['Gil,gil@example.test,nobody@example.com', 'Gil,gil@example.test,dana@example.com', 'Gil 2,gil@example.test,dana@example.com'], (description) => ({
      uniques: new UniqueValueCheck(description, STAFF_MAPPING, (field, texts) => stack.pools.withClient(stack.conn, (client) => existingValues(client, description, field, texts))),
    }));
    expect(preview.failing_rows).toBe(1);
    // Row 3 is the first to have gil@ (row 2 fails its lookup); row 4 repeats row 3.
    expect(preview.columns[1].unique_values).toMatchObject({ existing: 0, repeated: 1, repeated_rows: [{ row: 4, first_row: 3 }], insert_fails: 1 });
  });

  it('says when there were too many distinct values to find every repeat', async () => {
    const preview = await analyse(['Name,Email', 'A,a@x.test', 'B,b@x.test', 'C,c@x.test', 'A2,a@x.test', 'C2,c@x.test'].join('\n'), 2);
    // a@ is kept and its repeat found; c@ came past the two kept values.
    expect(preview.columns.find((c) => c.proposed_field === 'email')?.unique_values).toMatchObject({ repeated: 1, repeated_rows: [{ row: 5, first_row: 2 }], all_counted: false });
  });

  it('looks an integer field up as a number, as the table compares it', async () => {
    const description = await stack.describe('customers');
    const { rows } = await stack.sql.query<{ id: string }>(`SELECT id::text FROM customers WHERE email = 'bob@example.com'`);
    const id = description.fields.find((f) => f.primary_key);
    const found = await stack.pools.withClient(stack.conn, (client) => existingValues(client, description, id as NonNullable<typeof id>, [`0${rows[0].id}`, '12345', 'x']));
    expect([...found]).toEqual([rows[0].id]);
  });
});
