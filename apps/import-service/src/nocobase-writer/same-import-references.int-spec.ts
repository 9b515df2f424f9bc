import { randomUUID } from 'node:crypto';
import type { CellValue } from '@intake/tabular';
import type { TestDatabase } from '@intake/testing';
import { reservedIdFor } from './reserved-ids';
import { importRows } from './test-support/import-rows';
import { closeFixtureDatabase, dumpTable, openFixtureDatabase, type WriterStack } from './test-support/writer-fixture';
import type { WriteMode } from './writer-types';

const EMPLOYEES = 't_p3txouos661';
const [DANA, GUS] = ['399760437608460', '399760437608463'];
const [WEBSITE_DOWN, CHECK_DNS, RENEW_CERT, PRINTER_JAM] = ['399760437608465', '399760437608466', '399760437608468', '399760437608469'];
/** Full name, Email, Salary, Manager (the self relation, matched by the unique Email). */
const STAFF = { mapping: { 0: 'f_acdt3u3eed3', 1: 'f_oohdks4lfem', 2: 'f_6okpvxsq5m9', 3: 'f_gjyq3tdgpaj' }, headers: ['Full name', 'Email', 'Salary', 'Manager'] };

describe('NocoBaseBatchWriter: a row names the record an earlier row of the same batch creates', () => {
  let db: TestDatabase;
  let stack: WriterStack;

  beforeAll(async () => ({ db, stack } = await openFixtureDatabase()));
  afterAll(() => closeFixtureDatabase(db, stack));

  async function job(collection: string) {
    const jobId = randomUUID();
    return { jobId, ids: await stack.reservations.reserve({ jobId, conn: stack.conn, description: await stack.describe(collection), rowCount: 20 }) };
  }
  const staff = async (mode: WriteMode, rows: CellValue[][], keyFields: string[] = []) => {
    const request = { ...(await job(EMPLOYEES)), collection: EMPLOYEES, mapping: STAFF.mapping, mode, keyFields, sheet: { headers: STAFF.headers, rows } };
    return { request, outcomes: await importRows(stack, request) };
  };
  const managerOf = async (email: string) => (await stack.sql.query(`SELECT f_p12448dtgk1::text AS manager FROM ${EMPLOYEES} WHERE f_oohdks4lfem = $1`, [email])).rows[0]?.manager;
  const employees = () => dumpTable(stack.sql, EMPLOYEES);
  const pointingAt = async (ids: string[]) => Number((await stack.sql.query(`SELECT count(*) FROM ${EMPLOYEES} WHERE f_p12448dtgk1 = ANY($1::bigint[])`, [ids])).rows[0].count);

  it('links to the new record of an earlier row, through chains; a later row or the row itself fails saying so; a replay answers the same', async () => {
    const { request, outcomes } = await staff('insert', [
      ['Kim Boss', 'kim@example.com', '1000', 'dana@example.com'],
      ['Lee Lead', 'lee@example.com', '900', 'kim@example.com'],
      ['Max Early', 'max@example.com', '800', 'nora@example.com'],
      ['Nora New', 'nora@example.com', '700', 'lee@example.com'],
      ['Otto Self', 'otto@example.com', '600', 'otto@example.com'],
    ]);
    expect(outcomes.map((o) => [o.status, o.error])).toEqual([
      ['inserted', undefined],
      ['inserted', undefined],
      ['failed', "row 4, column D 'Manager': no Employees record has 'nora@example.com' yet: row 5 of this import creates it, after this row: put row 5 first"],
      ['inserted', undefined],
      ['failed', "row 6, column D 'Manager': 'otto@example.com' is the Employees record this row creates: a record cannot name itself here"],
    ]);
    const [kim, lee] = outcomes.map((o) => o.recordId);
    expect(kim).toBe(reservedIdFor(request.ids, 0));
    expect([await managerOf('kim@example.com'), await managerOf('lee@example.com'), await managerOf('nora@example.com')]).toEqual([DANA, kim, lee]);

    const before = await employees();
    expect(await importRows(stack, request)).toEqual(outcomes);
    expect(await employees()).toEqual(before);
  });

  it('a row whose record is refused by the writer fails the rows naming it, in a chain, and no link points at its reserved id', async () => {
    // Full name is the key: Dana Chief exists, so row 2 creates nothing in insert mode.
    const { request, outcomes } = await staff('insert', [
      ['Dana Chief', 'ray@example.com', '1', 'gus@example.com'],
      ['Ray Two', 'ray2@example.com', '1', 'ray@example.com'],
      ['Ray Three', 'ray3@example.com', '1', 'ray2@example.com'],
      ['Sam', 'sam@example.com', '1', 'dana@example.com'],
    ], ['f_acdt3u3eed3']);
    expect(outcomes.map((o) => [o.status, o.error])).toEqual([
      ['failed', `row 2: Full name 'Dana Chief' already exists (record ${DANA})`],
      ['failed', "row 3, column D 'Manager': 'ray@example.com' is the Employees record row 2 of this import was to create, but row 2 failed"],
      ['failed', "row 4, column D 'Manager': 'ray2@example.com' is the Employees record row 3 of this import was to create, but row 3 failed"],
      ['inserted', undefined],
    ]);
    expect(await pointingAt([0, 1, 2].map((i) => reservedIdFor(request.ids, i)))).toBe(0);
    expect(await managerOf('ray2@example.com')).toBeUndefined();
    expect(await importRows(stack, request)).toEqual(outcomes);
  });

  it('a row PostgreSQL refuses fails the rows naming it, which are then not written at all; a replay answers the same', async () => {
    await stack.sql.query(`ALTER TABLE ${EMPLOYEES} ADD CONSTRAINT intake_test_salary CHECK (f_6okpvxsq5m9 >= 0)`);
    try {
      const { request, outcomes } = await staff('insert', [
        ['Neg Pay', 'neg@example.com', '-5', null],
        ['Dep', 'dep@example.com', '5', 'neg@example.com'],
        ['Fine', 'fine@example.com', '5', 'dana@example.com'],
      ]);
      expect(outcomes.map((o) => o.status)).toEqual(['failed', 'failed', 'inserted']);
      expect(outcomes[0].error).toContain('intake_test_salary');
      expect(outcomes[1].error).toBe("row 3, column D 'Manager': 'neg@example.com' is the Employees record row 2 of this import was to create, but row 2 failed");
      expect(await managerOf('dep@example.com')).toBeUndefined();
      expect(await pointingAt([reservedIdFor(request.ids, 0)])).toBe(0);
      const journaled = await stack.sql.query(`SELECT r FROM imports.job_inserts j, unnest(j.row_indexes) r WHERE j.job_id = $1`, [request.jobId]);
      expect(journaled.rows.map((r) => Number(r.r))).toEqual([2]);
      // PostgreSQL's message shows the refused row's timestamps, which differ between attempts.
      const replay = await importRows(stack, request);
      expect(replay.map((o) => [o.status, o.status === 'failed' ? o.error?.slice(0, 50) : o.recordId])).toEqual(outcomes.map((o) => [o.status, o.status === 'failed' ? o.error?.slice(0, 50) : o.recordId]));
    } finally {
      await stack.sql.query(`ALTER TABLE ${EMPLOYEES} DROP CONSTRAINT intake_test_salary`);
    }
  });

  it('upsert: an earlier row that updates a record instead links to that record (as a replay finds it); a skipped one fails the rows naming it', async () => {
    const { request, outcomes } = await staff('upsert', [
      ['Gus Seller', 'gus.new@example.com', '71000', null],
      ['Pia', 'pia@example.com', '1', 'gus.new@example.com'],
    ], ['f_acdt3u3eed3']);
    expect(outcomes.map((o) => [o.status, o.recordId === GUS])).toEqual([['updated', true], ['inserted', false]]);
    expect(await managerOf('pia@example.com')).toBe(GUS);
    expect(await importRows(stack, request)).toEqual(outcomes);
    expect(await managerOf('pia@example.com')).toBe(GUS);
    // The same row again finds Gus as it left him: unchanged, and a row naming him links to him all the same.
    const again = await staff('upsert', [['Gus Seller', 'gus.new@example.com', '71000', null], ['Rui', 'rui@example.com', '1', 'gus.new@example.com']], ['f_acdt3u3eed3']);
    expect(again.outcomes.map((o) => [o.status, o.recordId === GUS])).toEqual([['unchanged', true], ['inserted', false]]);
    expect(await managerOf('rui@example.com')).toBe(GUS);

    const skipped = await staff('skip-existing', [
      ['Evan Lead', 'evan.new@example.com', '1', null],
      ['Quinn', 'quinn@example.com', '1', 'evan.new@example.com'],
    ], ['f_acdt3u3eed3']);
    expect(skipped.outcomes.map((o) => [o.status, o.error])).toEqual([
      ['skipped', undefined],
      ['failed', "row 3, column D 'Manager': 'evan.new@example.com' is the Employees record row 2 of this import was to create, but row 2 was skipped, so it created none"],
    ]);
  });

  it('belongsToMany to the same collection (made here: the fixture has none): an item may name an earlier row\'s new record', async () => {
    await stack.sql.query(`
      CREATE TABLE employee_peers ("createdAt" timestamptz, "updatedAt" timestamptz, f_a bigint NOT NULL, f_b bigint NOT NULL, PRIMARY KEY (f_a, f_b));
      INSERT INTO fields (key, name, type, interface, "collectionName", options, sort) VALUES ('peersintake', 'peers', 'belongsToMany', 'm2m', '${EMPLOYEES}',
        '{"target": "${EMPLOYEES}", "through": "employee_peers", "foreignKey": "f_a", "otherKey": "f_b", "sourceKey": "id", "targetKey": "id", "uiSchema": {"title": "Peers"}}', 20)`);
    const request = { ...(await job(EMPLOYEES)), collection: EMPLOYEES, mapping: { 0: 'f_acdt3u3eed3', 1: 'f_oohdks4lfem', 2: 'peers' }, mode: 'insert' as const, keyFields: ['f_acdt3u3eed3'],
      sheet: { headers: ['Full name', 'Email', 'Peers'], rows: [
        ['Uma', 'uma@example.com', null],
        ['Vic', 'vic@example.com', 'uma@example.com, dana@example.com'],
        ['Wes', 'wes@example.com', 'zed@example.com'],
        ['Zed', 'zed@example.com', 'uma@example.com'],
        ['Dana Chief', 'dana2@example.com', null],
        ['Yan', 'yan@example.com', 'uma@example.com, dana2@example.com'],
      ] } };
    const outcomes = await importRows(stack, request);
    expect(outcomes.map((o) => [o.status, o.error])).toEqual([
      ['inserted', undefined],
      ['inserted', undefined],
      ['failed', "row 4, column C 'Peers': no Employees record has 'zed@example.com' yet: row 5 of this import creates it, after this row: put row 5 first"],
      ['inserted', undefined],
      ['failed', `row 6: Full name 'Dana Chief' already exists (record ${DANA})`],
      ['failed', "row 7, column C 'Peers': 'dana2@example.com' is the Employees record row 6 of this import was to create, but row 6 failed"],
    ]);
    const [uma, vic, , zed] = outcomes.map((o) => o.recordId as string);
    const links = await stack.sql.query(`SELECT f_a::text AS a, f_b::text AS b FROM employee_peers`);
    expect(links.rows).toHaveLength(3);
    expect(links.rows).toEqual(expect.arrayContaining([{ a: vic, b: DANA }, { a: vic, b: uma }, { a: zed, b: uma }]));
    expect(await importRows(stack, request)).toEqual(outcomes);
    expect((await stack.sql.query('SELECT count(*)::int AS n FROM employee_peers')).rows[0].n).toBe(3);
  });

  describe('tickets (a tree)', () => {
    const ticketsOf = (mode: WriteMode, rows: CellValue[][], keyFields: string[] = []) => async () =>
      importRows(stack, { ...(await job('tickets')), collection: 'tickets', mapping: { 0: 'title', 1: 'status', 2: 'parent.title' }, mode, keyFields, sheet: { headers: ['Title', 'Status', 'Parent'], rows } });
    const paths = async (ids: string[]) =>
      (
        await stack.sql.query(
          `SELECT t.id::text, t."parentId"::text AS parent, t.sort::int, p.path, p."rootPk"::text AS root FROM tickets t JOIN main_tickets_path p ON p."nodePk" = t.id WHERE t.id = ANY($1::bigint[]) ORDER BY array_position($1::bigint[], t.id)`,
          [ids],
        )
      ).rows;

    it('a child and grandchild of a node created earlier in the batch get their path rows and sort values', async () => {
      const outcomes = await ticketsOf('insert', [
        ['Outage', 'open', null],
        ['Outage: router', 'open', 'Outage'],
        ['Outage: router fan', 'open', 'Outage: router'],
        ['Outage: switch', 'open', 'Outage'],
        ['DNS follow-up', 'open', 'Check DNS'],
      ])();
      expect(outcomes.map((o) => o.status)).toEqual(['inserted', 'inserted', 'inserted', 'inserted', 'inserted']);
      const [root, router, fan, sw, dns] = outcomes.map((o) => o.recordId as string);
      expect(await paths([root, router, fan, sw, dns])).toEqual([
        { id: root, parent: null, sort: 4, path: `/${root}`, root },
        { id: router, parent: root, sort: 1, path: `/${root}/${router}`, root },
        { id: fan, parent: router, sort: 1, path: `/${root}/${router}/${fan}`, root },
        { id: sw, parent: root, sort: 2, path: `/${root}/${sw}`, root },
        { id: dns, parent: CHECK_DNS, sort: 2, path: `/${WEBSITE_DOWN}/${CHECK_DNS}/${dns}`, root: WEBSITE_DOWN },
      ]);
    });

    it('upsert: moving a record under a node the batch creates below that record is a cycle and fails; another move under it works', async () => {
      const outcomes = await ticketsOf('upsert', [
        ['Bridge', 'open', 'Renew certificate'],
        ['Website down', 'open', 'Bridge'],
        ['Printer jam', 'open', 'Bridge'],
      ], ['title'])();
      expect(outcomes.map((o) => [o.status, o.error])).toEqual([
        ['inserted', undefined],
        ['failed', 'row 3: the new parent is this record itself or one of its descendants'],
        ['updated', undefined],
      ]);
      const bridge = outcomes[0].recordId as string;
      expect(await paths([bridge, PRINTER_JAM])).toEqual([
        { id: bridge, parent: RENEW_CERT, sort: 1, path: `/${WEBSITE_DOWN}/${CHECK_DNS}/${RENEW_CERT}/${bridge}`, root: WEBSITE_DOWN },
        { id: PRINTER_JAM, parent: bridge, sort: 1, path: `/${WEBSITE_DOWN}/${CHECK_DNS}/${RENEW_CERT}/${bridge}/${PRINTER_JAM}`, root: WEBSITE_DOWN },
      ]);
    });
  });
  it('a replay resolves as the first attempt did, though the table now holds the records the batch created', async () => {
    // By the title field: an earlier row creates a second 'Dana Chief'; the first attempt found only the one already there.
    const byTitle = { ...(await job(EMPLOYEES)), collection: EMPLOYEES, mapping: { 0: 'f_acdt3u3eed3', 1: 'f_oohdks4lfem', 2: 'f_gjyq3tdgpaj.f_acdt3u3eed3' }, mode: 'insert' as const,
      sheet: { headers: ['Full name', 'Email', 'Manager'], rows: [['Dana Chief', 'dana.two@example.com', null], ['Pat', 'pat@example.com', 'Dana Chief']] } };
    const first = await importRows(stack, byTitle);
    expect(first.map((o) => o.status)).toEqual(['inserted', 'inserted']);
    expect(await managerOf('pat@example.com')).toBe(DANA);
    expect(await importRows(stack, byTitle)).toEqual(first);

    // By a target key that is not the primary key: the row naming a later row's record fails both times.
    await stack.sql.query(`ALTER TABLE ${EMPLOYEES} ADD COLUMN f_mgr_email varchar(255);
      INSERT INTO fields (key, name, type, interface, "collectionName", options, sort) VALUES ('mgremailintake', 'mgrByEmail', 'belongsTo', 'm2o', '${EMPLOYEES}',
        '{"target": "${EMPLOYEES}", "foreignKey": "f_mgr_email", "targetKey": "f_oohdks4lfem", "uiSchema": {"title": "Mgr by email"}}', 21)`);
    const byEmail = { ...(await job(EMPLOYEES)), collection: EMPLOYEES, mapping: { 0: 'f_acdt3u3eed3', 1: 'f_oohdks4lfem', 2: 'mgrByEmail' }, mode: 'insert' as const,
      sheet: { headers: ['Full name', 'Email', 'Mgr'], rows: [['Max', 'max2@example.com', 'nora2@example.com'], ['Nora', 'nora2@example.com', null]] } };
    const once = await importRows(stack, byEmail);
    expect(once.map((o) => [o.status, o.error])).toEqual([['failed', expect.stringMatching(/row 3 of this import creates it, after this row/)], ['inserted', undefined]]);
    expect(await importRows(stack, byEmail)).toEqual(once);
  });
});
