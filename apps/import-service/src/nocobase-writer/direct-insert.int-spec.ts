import { randomUUID } from 'node:crypto';
import type { TestDatabase } from '@intake/testing';
import { canInsertDirectly, insertDirectly } from './direct-insert';
import { readTableFacts } from './table-facts';
import { importRows } from './test-support/import-rows';
import { closeFixtureDatabase, openFixtureDatabase, type WriterStack } from './test-support/writer-fixture';
import { buildWritePlan } from './write-plan';
import type { WriteMode } from './writer-types';

describe('direct insert: COPY straight into the collection when its indexes guard every check', () => {
  let db: TestDatabase;
  let stack: WriterStack;

  beforeAll(async () => ({ db, stack } = await openFixtureDatabase()));
  afterAll(() => closeFixtureDatabase(db, stack));

  const planFor = async (collection: string, fields: string[], keys: string[] = []) => {
    const description = await stack.describe(collection);
    return buildWritePlan(description, fields, keys, 3, await stack.facts.read(stack.conn, description));
  };

  it('is chosen only when a unique index stands behind each key and unique field, and no tree or scoped sort is written', async () => {
    expect(canInsertDirectly(await planFor('customers', ['name', 'email']))).toBe(true);
    expect(canInsertDirectly(await planFor('customers', ['name', 'email'], ['email']))).toBe(true);
    // No unique index on name: only a lookup can tell whether a key already exists.
    expect(canInsertDirectly(await planFor('customers', ['name', 'email'], ['name']))).toBe(false);
    expect(canInsertDirectly(await planFor('users', ['nickname', 'username', 'email']))).toBe(true);
    expect(canInsertDirectly(await planFor('tickets', ['title']))).toBe(false);
    // Link rows of a many-to-many field are written by the staged path only.
    expect(canInsertDirectly(await planFor('orders', ['amount']))).toBe(true);
    expect(canInsertDirectly(await planFor('orders', ['amount', 'products']))).toBe(false);
  });

  it('writes what the staged path writes: audit columns, and sort values after the table maximum in row order', async () => {
    const jobId = randomUUID();
    const description = await stack.describe('users');
    const ids = await stack.reservations.reserve({ jobId, conn: stack.conn, description, rowCount: 10 });
    const maxSort = async () => Number((await stack.sql.query('SELECT COALESCE(max(sort), 0) AS m FROM users')).rows[0].m);
    const batch = (batchNo: number, mode: WriteMode, firstRowIndex: number, rows: string[][]) =>
      importRows(stack, { jobId, batchNo, collection: 'users', mapping: { 0: 'nickname', 1: 'username', 2: 'email' }, mode, keyFields: mode === 'insert' ? [] : ['username'], ids, sheet: { headers: ['Nickname', 'Username', 'Email'], rows, firstRowIndex } });
    const written = async (usernames: string[]) =>
      (
        await stack.sql.query(
          `SELECT username, sort::int, "createdById"::int AS by, "updatedById"::int AS up, "createdAt" = "updatedAt" AS same, extract(microseconds FROM "createdAt")::int % 1000 AS micros
             FROM users WHERE username = ANY($1) ORDER BY sort`,
          [usernames],
        )
      ).rows;

    const before = await maxSort();
    // insert takes the direct path; skip-existing always stages: both must give the same kind of record.
    expect((await batch(1, 'insert', 0, [['Ann', 'ann', 'ann@example.com'], ['Ben', 'ben', 'ben@example.com']])).map((o) => o.status)).toEqual(['inserted', 'inserted']);
    expect((await batch(2, 'skip-existing', 2, [['Cid', 'cid', 'cid@example.com'], ['Ann', 'ann', 'ann@example.com']])).map((o) => o.status)).toEqual(['inserted', 'skipped']);
    const record = (username: string, sort: number) => ({ username, sort, by: 3, up: 3, same: true, micros: 0 });
    expect(await written(['ann', 'ben', 'cid'])).toEqual([record('ann', before + 1), record('ben', before + 2), record('cid', before + 3)]);
  });

  it('fails duplicates within the batch itself, and hands a batch the table refuses back whole, leaving nothing written', async () => {
    const description = await stack.describe('customers');
    const plan = await planFor('customers', ['email', 'name']);
    const row = (rowIndex: number, email: string) => ({ rowIndex, rowNumber: rowIndex + 2, newId: String(9_000_000_000 + rowIndex), values: { email, name: `Row ${rowIndex}` } });
    const count = async () => Number((await stack.sql.query('SELECT count(*) FROM customers')).rows[0].count);
    const before = await count();
    await stack.pools.withClient(stack.conn, async (client) => {
      await client.query('BEGIN');
      try {
        expect((await readTableFacts(client, description)).uniqueIndexes).toContainEqual(['email']);
        const refused = await insertDirectly(client, plan, [row(0, 'new-one@example.com'), row(1, 'alice@example.com')]);
        expect(refused).toBeNull();
        expect(Number((await client.query(`SELECT count(*) FROM customers WHERE email = 'new-one@example.com'`)).rows[0].count)).toBe(0);
        const decided = await insertDirectly(client, plan, [row(2, 'twin@example.com'), row(3, 'twin@example.com')]);
        expect(decided?.map((d) => [d.action, d.error])).toEqual([
          ['insert', undefined],
          ['fail', "row 5: row 4 of this import has the same Email 'twin@example.com'"],
        ]);
        expect(Number((await client.query(`SELECT count(*) FROM customers WHERE email = 'twin@example.com'`)).rows[0].count)).toBe(1);
      } finally {
        await client.query('ROLLBACK');
      }
    });
    expect(await count()).toBe(before);
  });
});
