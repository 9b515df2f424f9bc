import { randomUUID } from 'node:crypto';
import type { CellValue } from '@intake/tabular';
import type { TestDatabase } from '@intake/testing';
import { importRows } from './test-support/import-rows';
import { closeFixtureDatabase, dumpTable, openFixtureDatabase, type WriterStack } from './test-support/writer-fixture';
import type { ColumnMapping, WriteMode } from './writer-types';

const [ORDER_1, ORDER_2, ORDER_3] = ['399759541403649', '399760437608457', '399760437608458'];
const [RACK, BACKUP, INSTALL, CABLE] = ['399760437608453', '399760437608454', '399760437608455', '399760437608456'];
const CABLE_NAME = 'Cable kit “Ünïcode” ✓';
/** The fixture's link table of orders.products (f_lk5x86e826m: the order) and products.orders (f_35ayi2sr426: the product). */
const ORDER_PRODUCTS = 't_w9ecfhg4a1v';

/**
 * NocoBase's own roles and rolesUsers (defined in its code, so not in the fixture's dump): users.roles
 * links users to roles by the role's name (targetKey), and the link table has a column of its own.
 */
const ROLES_SQL = `
  CREATE TABLE roles ("createdAt" timestamptz, "updatedAt" timestamptz, name varchar(255) PRIMARY KEY, title varchar(255) UNIQUE);
  INSERT INTO roles (name, title) VALUES ('admin', 'Admin'), ('member', 'Member'), ('root', 'Root');
  CREATE TABLE "rolesUsers" ("createdAt" timestamptz, "updatedAt" timestamptz, "default" boolean, "userId" bigint NOT NULL, "roleName" varchar(255) NOT NULL, PRIMARY KEY ("userId", "roleName"));
  INSERT INTO "rolesUsers" VALUES ('2026-11-25 22:03:04.14+00', '2026-11-25 22:03:04.14+00', true, 1, 'root'), ('2026-11-25 22:10:31.288+00', '2026-11-25 22:10:31.288+00', true, 3, 'member');
  INSERT INTO collections (key, name, title, options) VALUES ('rolesintake', 'roles', 'Roles', '{"autoGenId": false, "titleField": "title"}');
  INSERT INTO fields (key, name, type, interface, "collectionName", options, sort) VALUES
    ('rolesname', 'name', 'uid', 'input', 'roles', '{"primaryKey": true, "uiSchema": {"title": "Role UID"}}', 1),
    ('rolestitle', 'title', 'string', 'input', 'roles', '{"unique": true, "uiSchema": {"title": "Role name"}}', 2)`;

describe('NocoBaseBatchWriter: many-to-many (belongsToMany) links', () => {
  let db: TestDatabase;
  let stack: WriterStack;

  beforeAll(async () => {
    ({ db, stack } = await openFixtureDatabase());
    await stack.sql.query(ROLES_SQL);
  });
  afterAll(() => closeFixtureDatabase(db, stack));
  afterEach(() => jest.restoreAllMocks());

  async function job(collection: string, mode: WriteMode) {
    const jobId = randomUUID();
    const ids = mode === 'update' ? null : await stack.reservations.reserve({ jobId, conn: stack.conn, description: await stack.describe(collection), rowCount: 20 });
    return { jobId, ids };
  }
  const run = (j: Awaited<ReturnType<typeof job>>, collection: string, mode: WriteMode, mapping: ColumnMapping, headers: string[], rows: CellValue[][], keyFields: string[] = []) =>
    importRows(stack, { ...j, collection, mapping, mode, keyFields, sheet: { headers, rows } });
  const productsOf = async (order: string) =>
    (await stack.sql.query(`SELECT f_35ayi2sr426::text AS id FROM ${ORDER_PRODUCTS} WHERE f_lk5x86e826m = $1 ORDER BY 1`, [order])).rows.map((r) => r.id);
  const ordersOf = async (product: string) =>
    (await stack.sql.query(`SELECT f_lk5x86e826m::text AS id FROM ${ORDER_PRODUCTS} WHERE f_35ayi2sr426 = $1 ORDER BY 1`, [product])).rows.map((r) => r.id);
  const rolesOf = async (user: number) => (await stack.sql.query(`SELECT "roleName" FROM "rolesUsers" WHERE "userId" = $1 ORDER BY 1`, [user])).rows.map((r) => r.roleName);
  const count = async (table: string) => Number((await stack.sql.query(`SELECT count(*) FROM ${table}`)).rows[0].count);

  it('orders insert: "A, B" cells by product name link the new order; an unknown product fails its row naming it; a blank cell links nothing', async () => {
    const j = await job('orders', 'insert');
    const outcomes = await run(j, 'orders', 'insert', { 0: 'amount', 1: 'products.name' }, ['Amount', 'Products'], [
      ['5', ' Rack server R1 ,Backup Suite'],
      ['6', null],
      ['7', 'Backup Suite, Gizmo, Rack server R1'],
      ['8', `${CABLE_NAME},${CABLE_NAME}`],
    ]);
    expect(outcomes.map((o) => [o.status, o.error])).toEqual([
      ['inserted', undefined],
      ['inserted', undefined],
      ['failed', "row 4, column B 'Products': no Products record has Name 'Gizmo'"],
      ['inserted', undefined],
    ]);
    const [first, blank, , cable] = outcomes.map((o) => o.recordId as string);
    expect(await productsOf(first)).toEqual([RACK, BACKUP]);
    expect(await productsOf(blank)).toEqual([]);
    expect(await productsOf(cable)).toEqual([CABLE]);
    // The link table's timestamps are filled, as NocoBase fills them (the table requires them).
    const link = await stack.sql.query(`SELECT "createdAt", "updatedAt" FROM ${ORDER_PRODUCTS} WHERE f_lk5x86e826m = $1`, [first]);
    expect(link.rows[0].createdAt).toEqual(link.rows[0].updatedAt);
    expect(Math.abs(link.rows[0].createdAt.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it('cells match by the title field or the id without a named field; every unknown item of a cell is named', async () => {
    const j = await job('orders', 'insert');
    const outcomes = await run(j, 'orders', 'insert', { 0: 'amount', 1: 'products' }, ['Amount', 'Products'], [
      ['1', `HW-R1, ${INSTALL}`],
      ['2', 'Rack server R1, HW-X'],
    ]);
    expect(outcomes[0].status).toBe('inserted');
    expect(await productsOf(outcomes[0].recordId as string)).toEqual([RACK, INSTALL]);
    expect(outcomes[1].error).toBe("row 3, column B 'Products': no Products record has SKU or ID 'Rack server R1'; row 3, column B 'Products': no Products record has SKU or ID 'HW-X'");
    // A related field Products lacks (a plan nobody checked) fails the rows instead of the batch.
    const unknownField = await run(await job('orders', 'insert'), 'orders', 'insert', { 0: 'amount', 1: 'products.colour' }, ['Amount', 'Products'], [['3', 'red']]);
    expect(unknownField[0].error).toBe("row 2, column B 'Products': no Products record has colour 'red'");
  });

  it('replaying a batch writes no link twice and journals nothing twice', async () => {
    const j = await job('orders', 'insert');
    const request = { ...j, collection: 'orders', mapping: { 0: 'amount', 1: 'products.name' }, mode: 'insert' as const, sheet: { headers: ['Amount', 'Products'], rows: [['9', 'Installation, Backup Suite']] } };
    const first = await importRows(stack, request);
    const [links, journal] = [await count(ORDER_PRODUCTS), await count('imports.job_links')];
    const again = await importRows(stack, request);
    expect(again).toEqual(first);
    expect([await count(ORDER_PRODUCTS), await count('imports.job_links')]).toEqual([links, journal]);
    expect(await productsOf(first[0].recordId as string)).toEqual([BACKUP, INSTALL]);
  });

  it('products upsert: an existing record\'s links become exactly its cell\'s (a blank cell removes them all); skip-existing changes none', async () => {
    const headers = ['SKU', 'Name', 'Orders'];
    const mapping = { 0: 'sku', 1: 'name', 2: 'orders' };
    expect(await ordersOf(BACKUP)).toContain(ORDER_2);
    expect(await ordersOf(CABLE)).toEqual(expect.arrayContaining([ORDER_1, ORDER_2]));
    const upsert = await job('products', 'upsert');
    const outcomes = await run(upsert, 'products', 'upsert', mapping, headers, [
      ['SW-BK', 'Backup Suite', `${ORDER_1}, ${ORDER_3}`],
      ['HW-CBL', CABLE_NAME, ''],
      ['HW-NEW', 'Switch', ORDER_2],
    ], ['sku']);
    expect(outcomes.map((o) => o.status)).toEqual(['updated', 'updated', 'inserted']);
    expect(await ordersOf(BACKUP)).toEqual([ORDER_1, ORDER_3]);
    expect(await ordersOf(CABLE)).toEqual([]);
    expect(await ordersOf(outcomes[2].recordId as string)).toEqual([ORDER_2]);
    expect(await productsOf(ORDER_2)).not.toContain(BACKUP);

    const skip = await job('products', 'skip-existing');
    const before = await dumpTable(stack.sql, ORDER_PRODUCTS, 'f_lk5x86e826m, f_35ayi2sr426');
    const skipped = await run(skip, 'products', 'skip-existing', mapping, headers, [['SW-BK', 'Backup Suite', ORDER_2]], ['sku']);
    expect(skipped[0].status).toBe('skipped');
    expect(await dumpTable(stack.sql, ORDER_PRODUCTS, 'f_lk5x86e826m, f_35ayi2sr426')).toEqual(before);
  });

  it('users.roles links by the role name (targetKey), keeps the link table\'s own columns, and fails an unknown role naming it', async () => {
    const j = await job('users', 'update');
    const outcomes = await run(j, 'users', 'update', { 0: 'username', 1: 'roles' }, ['Username', 'Roles'], [
      ['nocobase', 'admin, member, root'],
      ['importer', 'Admin, nobody'],
    ], ['username']);
    expect(outcomes.map((o) => [o.status, o.error])).toEqual([
      ['updated', undefined],
      ['failed', "row 3, column B 'Roles': no Roles record has Role name or Role UID 'nobody'"],
    ]);
    expect(await rolesOf(1)).toEqual(['admin', 'member', 'root']);
    expect(await rolesOf(3)).toEqual(['member']);
    const kept = await stack.sql.query(`SELECT "roleName", "default" FROM "rolesUsers" WHERE "userId" = 1 ORDER BY 1`);
    expect(kept.rows).toEqual([{ roleName: 'admin', default: null }, { roleName: 'member', default: null }, { roleName: 'root', default: true }]);

    const byTitle = await run(await job('users', 'update'), 'users', 'update', { 0: 'username', 1: 'roles' }, ['Username', 'Roles'], [['importer', 'Admin']], ['username']);
    expect(byTitle[0].status).toBe('updated');
    expect(await rolesOf(3)).toEqual(['admin']);
  });

  it('a crash after the link journal write but before NocoBase committed: the replay links once, and rollback still restores exactly', async () => {
    const links = () => dumpTable(stack.sql, ORDER_PRODUCTS, 'f_lk5x86e826m, f_35ayi2sr426');
    const before = await links();
    const j = await job('products', 'upsert');
    const request = { ...j, collection: 'products', mapping: { 0: 'sku', 1: 'name', 2: 'orders' }, mode: 'upsert' as const, keyFields: ['sku'],
      sheet: { headers: ['SKU', 'Name', 'Orders'], rows: [['SVC-INST', 'Installation', `${ORDER_1}, ${ORDER_2}`], ['HW-HUB', 'Hub', ORDER_3]] } };
    const record = stack.links.record.bind(stack.links);
    jest.spyOn(stack.links, 'record').mockImplementationOnce(async (...args) => {
      await record(...args);
      throw new Error('connection lost');
    });
    await expect(importRows(stack, request)).rejects.toThrow('connection lost');
    expect(await links()).toEqual(before);
    const replay = await importRows(stack, request);
    expect(replay.map((o) => o.status)).toEqual(['updated', 'inserted']);
    expect(await ordersOf(INSTALL)).toEqual([ORDER_1, ORDER_2]);
    expect(await ordersOf(replay[1].recordId as string)).toEqual([ORDER_3]);
    await stack.rollback.rollbackJob({ jobId: j.jobId, conn: stack.conn, describe: stack.describe, describeLinked: stack.describe });
    expect(await links()).toEqual(before);
  });

  it('rollback restores every link set exactly: links the jobs added go, links they removed come back whole', async () => {
    const links = () => dumpTable(stack.sql, ORDER_PRODUCTS, 'f_lk5x86e826m, f_35ayi2sr426');
    const roles = () => dumpTable(stack.sql, '"rolesUsers"', '"userId", "roleName"');
    const before = { links: await links(), roles: await roles() };
    const orders = await job('orders', 'insert');
    await run(orders, 'orders', 'insert', { 0: 'amount', 1: 'products.name' }, ['Amount', 'Products'], [['11', 'Installation, Backup Suite']]);
    const products = await job('products', 'upsert');
    // One job, two sheets sharing the link table: the orders sheet takes back a link the products
    // sheet added (the link's first journal entry, "added", wins: it was not there before the job).
    const first = await importRows(stack, { ...products, collection: 'products', mapping: { 0: 'sku', 1: 'name', 2: 'orders' }, mode: 'upsert', keyFields: ['sku'],
      sheet: { headers: ['SKU', 'Name', 'Orders'], rows: [['HW-R1', 'Rack server R1', `${ORDER_3}`], ['SVC-INST', 'Installation', '']] } });
    expect(await productsOf(ORDER_3)).toContain(RACK);
    const second = await importRows(stack, { jobId: products.jobId, ids: null, collection: 'orders', mapping: { 0: 'id', 1: 'products.name' }, mode: 'update', keyFields: ['id'],
      sheet: { headers: ['ID', 'Products'], rows: [[ORDER_3, 'Backup Suite']] } });
    expect(await productsOf(ORDER_3)).toEqual([BACKUP]);
    const users = await job('users', 'update');
    const roleOutcomes = await run(users, 'users', 'update', { 0: 'username', 1: 'roles' }, ['Username', 'Roles'], [['nocobase', 'member'], ['importer', '']], ['username']);
    expect([...first, ...second, ...roleOutcomes].map((o) => o.status)).toEqual(['updated', 'updated', 'updated', 'updated', 'updated']);
    expect(await links()).not.toEqual(before.links);
    expect(await rolesOf(3)).toEqual([]);

    for (const done of [users, products, orders]) {
      const result = await stack.rollback.rollbackJob({ jobId: done.jobId, conn: stack.conn, describe: stack.describe, describeLinked: stack.describe });
      expect(result.warnings).toEqual([]);
    }
    expect(await links()).toEqual(before.links);
    expect(await roles()).toEqual(before.roles);

    // Idempotent: nothing is left to undo, and nothing changes.
    await stack.rollback.rollbackJob({ jobId: products.jobId, conn: stack.conn, describe: stack.describe, describeLinked: stack.describe });
    expect(await links()).toEqual(before.links);
  });
});
