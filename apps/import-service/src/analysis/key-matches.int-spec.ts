import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ImportMode } from '@intake/contracts';
import { openTable } from '@intake/tabular';
import type { TestDatabase } from '@intake/testing';
import { RowConverter } from '../nocobase-writer/row-converter';
import { importRows } from '../nocobase-writer/test-support/import-rows';
import { closeFixtureDatabase, openFixtureDatabase, type WriterStack } from '../nocobase-writer/test-support/writer-fixture';
import { caseInsensitiveValues, existingKeys, KeyMatchCheck } from './key-matches';
import { analyseSheet } from './sheet-analysis';
import { analyseStaff, EMPLOYEES, STAFF_MAPPING } from './test-support/staff-sheet';

const HEADERS = ['Name', 'Email', 'Age'];
const MAPPING = { 0: 'name', 1: 'email', 2: 'age' };
const LETTERS = { A: 'name', B: 'email', C: 'age' };

describe('preview: what the key fields of an update, upsert or skip-existing find', () => {
  let db: TestDatabase;
  let stack: WriterStack;
  const looked: number[] = [];

  beforeAll(async () => {
    ({ db, stack } = await openFixtureDatabase());
    // Two customers share a name and age: a key of those two fields finds both.
    await stack.sql.query(`INSERT INTO customers (id, name, email, age) VALUES (9100000000001, 'Twin', 'twin1@x.test', 40), (9100000000002, 'Twin', 'twin2@x.test', 40)`);
  });
  afterAll(() => closeFixtureDatabase(db, stack));

  /** What JobAnalyser wires for a sheet of customers with a saved plan's mode and keys. */
  async function analyse(rows: (string | null)[][], mode: ImportMode, keyFields: string[], capacity?: number) {
    const description = await stack.describe('customers');
    const csv = [HEADERS, ...rows].map((r) => r.map((v) => v ?? '').join(',')).join('\n');
    const table = await (await openTable(async () => Readable.from([Buffer.from(csv)]), { name: 'customers' })).read();
    const converter = new RowConverter(description, MAPPING, { columns: table.columns });
    const lookup = (fields: Parameters<typeof existingKeys>[2], keys: string[][]) => {
      looked.push(keys.length);
      return stack.pools.withClient(stack.conn, (client) => existingKeys(client, description, fields, keys));
    };
    const keys = new KeyMatchCheck(description, Object.values(MAPPING), mode, keyFields, lookup, {
      capacity,
      like: (field, texts) => stack.pools.withClient(stack.conn, (client) => caseInsensitiveValues(client, description, field, texts)),
    });
    const validation = { converter, mappingProblems: [], earlier: null, keys, resolve: async () => ({ rows: [], failed: [], missing: [] }), suggest: async () => new Map<string, string[]>() };
    return (await analyseSheet(table, 'customers', LETTERS, validation)).key_matches;
  }

  async function run(rows: (string | null)[][], mode: ImportMode, keyFields: string[]) {
    const jobId = randomUUID();
    const ids = mode === 'update' ? null : await stack.reservations.reserve({ jobId, conn: stack.conn, description: await stack.describe('customers'), rowCount: rows.length });
    const outcomes = await importRows(stack, { jobId, collection: 'customers', mapping: MAPPING, mode, keyFields, ids, emptyCells: 'keep', sheet: { headers: HEADERS, rows } });
    const count = (status: string) => outcomes.filter((o) => o.status === status).length;
    // A record the row finds as it already is counts as unchanged: for the key, still the record it found.
    return { failed: count('failed'), updated: count('updated') + count('unchanged'), inserted: count('inserted'), skipped: count('skipped'), failedRows: outcomes.filter((o) => o.status === 'failed').map((o) => o.rowNumber) };
  }

  const file = (tag: string) => [
    ['Alice', 'alice@example.com', '31'],
    ['New', `new-${tag}@x.test`, '20'],
    ['New again', `new-${tag}@x.test`, '21'],
    ['Alice again', 'alice@example.com', '32'],
    ['Nobody', null, '50'],
    ['Bob', 'bob@example.com', '45'],
  ];

  it('update: rows whose key no record has fail, and so do repeats of a row that updated; what the run then does', async () => {
    const rows = file('u');
    const found = await analyse(rows, 'update', ['email']);
    expect(found).toEqual({
      mode: 'update', key_fields: ['email'],
      matched: 2, unmatched: 2, unmatched_rows: [3, 4], unmatched_like: [], incomplete: 0, incomplete_rows: [], ambiguous: 0, ambiguous_rows: [], empty: 1, empty_rows: [6],
      repeated: 1, repeated_rows: [{ row: 5, first_row: 2 }], fails: 4, all_counted: true, changes: null,
    });
    const outcome = await run(rows, 'update', ['email']);
    expect(outcome).toEqual({ failed: 4, updated: 2, inserted: 0, skipped: 0, failedRows: [3, 4, 5, 6] });
  });

  it('upsert: rows whose key no record has are inserted; a repeat of any written row fails, as in the run', async () => {
    const rows = file('p');
    const found = await analyse(rows, 'upsert', ['email']);
    expect(found).toMatchObject({ matched: 2, unmatched: 1, unmatched_rows: [3], empty: 1, repeated: 2, repeated_rows: [{ row: 4, first_row: 3 }, { row: 5, first_row: 2 }], fails: 3 });
    const outcome = await run(rows, 'upsert', ['email']);
    expect(outcome).toEqual({ failed: 3, updated: 2, inserted: 1, skipped: 0, failedRows: [4, 5, 6] });
  });

  it('skip-existing: found and repeated rows are skipped, new ones inserted, as in the run', async () => {
    const rows = file('s');
    const found = await analyse(rows, 'skip-existing', ['email']);
    // Row 5 meets Alice again (skip-existing wrote nothing for row 2); row 4 repeats the row 3 inserts.
    expect(found).toMatchObject({ matched: 3, unmatched: 1, repeated: 1, repeated_rows: [{ row: 4, first_row: 3 }], empty: 1, fails: 1 });
    const outcome = await run(rows, 'skip-existing', ['email']);
    expect(outcome).toEqual({ failed: 1, updated: 0, inserted: 1, skipped: 4, failedRows: [6] });
  });

  it('a key of two fields, one an integer compared as a number: several records for one key fail', async () => {
    const rows = [
      ['Twin', 'twin-new@x.test', '040'],
      ['Bob', 'bob-new@x.test', '45'],
      ['Bob', 'bob-other@x.test', '46'],
    ];
    const found = await analyse(rows, 'update', ['name', 'age']);
    expect(found).toMatchObject({ matched: 1, ambiguous: 1, ambiguous_rows: [2], unmatched: 1, unmatched_rows: [4], fails: 2 });
    const outcome = await run(rows, 'update', ['name', 'age']);
    expect(outcome).toMatchObject({ failed: 2, updated: 1, failedRows: [2, 4] });
  });

  it('looks keys up once per 2,000 rows, not per row, and finds matches past the first batch', async () => {
    looked.length = 0;
    const rows = Array.from({ length: 4500 }, (_, i) => [`P${i}`, `p${i}@x.test`, null]);
    rows[4200] = ['Carol', 'carol@example.com', null];
    const found = await analyse(rows, 'update', ['email']);
    expect(found).toMatchObject({ matched: 1, unmatched: 4499, unmatched_rows: [2, 3, 4, 5, 6], fails: 4499 });
    expect(looked).toEqual([2000, 2000, 500]);
  });

  it('names the record a key finds but for case: EVE@ is no record, eve@ is', async () => {
    const found = await analyse([['Alice', 'ALICE@example.com', null], ['Nobody', 'nobody@x.test', null]], 'update', ['email']);
    expect(found).toMatchObject({ unmatched: 2, unmatched_rows: [2, 3], unmatched_like: [{ row: 2, value: 'ALICE@example.com', existing: 'alice@example.com' }] });
    // Also behind many new keys, as a real export has them.
    const many = Array.from({ length: 3000 }, (_, i) => [`N${i}`, `n${i}@x.test`, null]);
    many.push(['Alice', 'Alice@Example.com', null]);
    expect(await analyse(many, 'upsert', ['email'])).toMatchObject({ unmatched: 3001, unmatched_like: [{ row: 3002, value: 'Alice@Example.com', existing: 'alice@example.com' }] });
  });

  it('says when there were too many keys to find every repeat', async () => {
    const found = await analyse([['A', 'a@x.test', null], ['B', 'b@x.test', null], ['C', 'c@x.test', null], ['A2', 'a@x.test', null], ['C2', 'c@x.test', null]], 'upsert', ['email'], 2);
    expect(found).toMatchObject({ unmatched: 4, repeated: 1, repeated_rows: [{ row: 5, first_row: 2 }], all_counted: false });
  });

  it('counts no key for a row whose relation cell names no record: the run fails it before its key, so a later row with that key updates', async () => {
    const preview = await analyseStaff(stack, ['Fay Dev,fay@example.com,nobody@example.com', 'Fay Dev,fay@example.com,dana@example.com', 'Fay Dev,fay@example.com,evan@example.com'], (description) => ({
      keys: new KeyMatchCheck(description, Object.values(STAFF_MAPPING), 'update', ['f_oohdks4lfem'], (fields, values) => stack.pools.withClient(stack.conn, (client) => existingKeys(client, description, fields, values))),
    }));
    expect(preview.failing_rows).toBe(1);
    // Row 3 has Fay's record (row 2 failed), row 4 repeats row 3.
    expect(preview.key_matches).toMatchObject({ matched: 1, repeated: 1, repeated_rows: [{ row: 4, first_row: 3 }], fails: 1 });
    const outcomes = await importRows(stack, { jobId: randomUUID(), collection: EMPLOYEES, mapping: STAFF_MAPPING, mode: 'update', keyFields: ['f_oohdks4lfem'], ids: null, emptyCells: 'keep', sheet: { headers: ['Full name', 'Email', 'Manager'], rows: [['Fay Dev', 'fay@example.com', 'nobody@example.com'], ['Fay Dev', 'fay@example.com', 'dana@example.com'], ['Fay Dev', 'fay@example.com', 'evan@example.com']] } });
    expect(outcomes.map((o) => o.status)).toEqual(['failed', 'updated', 'failed']);
  });

  it('says nothing of insert, of a key no column fills, or of a key the preview cannot compare', async () => {
    expect(await analyse(file('n'), 'insert', ['email'])).toBeNull();
    expect(await analyse(file('n'), 'update', ['active'])).toBeNull();
    const description = await stack.describe('customers');
    const check = new KeyMatchCheck(description, ['signupDate'], 'update', ['signupDate'], async () => new Map());
    expect(check.result()).toBeNull();
  });
});
