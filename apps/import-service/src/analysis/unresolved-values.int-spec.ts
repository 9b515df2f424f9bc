import { Readable } from 'node:stream';
import type { CollectionDescription } from '@intake/contracts';
import { openTable, type SheetTable } from '@intake/tabular';
import type { TestDatabase } from '@intake/testing';
import { RowConverter } from '../nocobase-writer/row-converter';
import { closeFixtureDatabase, openFixtureDatabase, type WriterStack } from '../nocobase-writer/test-support/writer-fixture';
import { proposeMapping } from './collection-proposal';
import { EarlierRecords } from './earlier-records';
import { RelationSuggestions } from './relation-suggestions';
import { analyseSheet, type SheetValidation } from './sheet-analysis';
import { findCandidates } from './suggestion-candidates';

async function csvTable(csv: string): Promise<SheetTable> {
  const source = await openTable(async () => Readable.from([Buffer.from(csv)]), { name: 'Employees' });
  return source.read();
}

describe('preview: relation values no record has, with the closest existing values', () => {
  let db: TestDatabase;
  let stack: WriterStack;
  let suggestions: RelationSuggestions;

  beforeAll(async () => {
    ({ db, stack } = await openFixtureDatabase());
    suggestions = new RelationSuggestions(stack.pools);
    // Beside Engineering, Sales and Support: a name with accents and punctuation, and one holding "Sales".
    await stack.sql.query(`INSERT INTO departments (id, name) VALUES (91, 'Recherche & Développement'), (92, 'Sales Ops')`);
  });
  afterAll(() => closeFixtureDatabase(db, stack));

  /** What JobAnalyser wires for a sheet: the proposed mapping's converter, the resolver and the suggestions. */
  async function analyse(collection: string, csv: string, capacity?: number) {
    const description = await stack.describe(collection);
    const table = await csvTable(csv);
    const letters = proposeMapping(table.columns, description);
    const mapping = Object.fromEntries(table.columns.flatMap((c) => (letters[c.letter] ? [[c.index, letters[c.letter] as string]] : [])));
    const targets: Record<string, CollectionDescription> = {};
    for (const f of description.fields) if (f.relation && Object.values(mapping).includes(f.name)) targets[f.relation.target] = await stack.describe(f.relation.target);
    const converter = new RowConverter(description, mapping, { columns: table.columns });
    const plans = converter.relationPlans(targets);
    const earlier = new EarlierRecords(description.name, plans, capacity);
    const validation: SheetValidation = {
      converter,
      mappingProblems: [],
      earlier,
      resolve: (rows) => stack.relations.resolve(stack.conn, plans, rows, earlier),
      suggest: (field, values) => suggestions.suggest(stack.conn, plans.find((p) => p.field.name === field) ?? plans[0], values),
    };
    return analyseSheet(table, collection, proposeMapping(table.columns, description), validation);
  }

  it('lists each missing department once, with its rows, its first row and the closest names first', async () => {
    const preview = await analyse(
      't_p3txouos661',
      [
        'Full name,Email,Department',
        'Ann,ann@x.test,Enginering',
        'Ben,ben@x.test,SALES',
        'Cy,cy@x.test,recherche  & developpement',
        'Di,di@x.test,Marketing',
        'Ed,ed@x.test,Enginering',
        'Flo,flo@x.test,Engineering',
        'Gus,gus@x.test,Marketing',
      ].join('\n'),
    );
    const department = preview.columns.find((c) => c.proposed_field === 'f_gr5de6z4rne');
    expect(department?.error_count).toBe(6);
    expect(department?.unresolved).toEqual([
      { value: 'Enginering', rows: 2, first_row: 2, suggestions: ['Engineering'] },
      { value: 'Marketing', rows: 2, first_row: 5, suggestions: [] },
      // Case first, then the name that holds the whole value.
      { value: 'SALES', rows: 1, first_row: 3, suggestions: ['Sales', 'Sales Ops'] },
      { value: 'recherche  & developpement', rows: 1, first_row: 4, suggestions: ['Recherche & Développement'] },
    ]);
    expect(department?.unresolved_more).toBe(0);
    expect(preview.columns.filter((c) => c !== department).every((c) => c.unresolved.length === 0 && c.unresolved_more === 0)).toBe(true);
  });

  it('a row with a bad cell still has its relation cells checked: every problem counted, the row once', async () => {
    const preview = await analyse('t_p3txouos661', ['Full name,Email,Department', 'Ann,not-an-email,Marketing', 'Ben,ben@x.test,Sales', 'Cy,also-bad,Sales'].join('\n'));
    const [email, department] = [preview.columns[1], preview.columns[2]];
    expect([email.error_count, department.error_count]).toEqual([2, 1]);
    expect(department.unresolved.map((u) => [u.value, u.first_row])).toEqual([['Marketing', 2]]);
    expect(preview.failing_rows).toBe(2);
  });

  it('lists the first failing rows of a column first, also when some of them wait for their relation lookup', async () => {
    const rows = ['Ann,bad-2,Sales', 'Ben,bad-3,', 'Cy,bad-4,', 'Di,bad-5,', 'Ed,bad-6,'];
    const preview = await analyse('t_p3txouos661', ['Full name,Email,Department', ...rows].join('\n'));
    expect(preview.columns[1].first_errors.map((e) => e.row)).toEqual([2, 3, 4]);
  });

  it('a manager an earlier row of the file creates is no error; one a later row creates is, and one nobody has is listed', async () => {
    const preview = await analyse(
      't_p3txouos661',
      ['Full name,Email,Manager', 'Ann,ann@x.test,dana@example.com', 'Ben,ben@x.test,ann@x.test', 'Cy,cy@x.test,di@x.test', 'Di,di@x.test,nobody@x.test'].join('\n'),
    );
    const manager = preview.columns[2];
    expect(manager.proposed_field).toBe('f_gjyq3tdgpaj');
    expect(manager.error_count).toBe(2);
    expect(manager.first_errors[0]).toEqual({ row: 4, message: "row 4, column C 'Manager': no Employees record has 'di@x.test' yet: row 5 of this import creates it, after this row: put row 5 first" });
    expect(manager.unresolved.map((u) => u.value)).toEqual(['nobody@x.test']);
    expect(preview.failing_rows).toBe(2);
    expect(preview.problems).toEqual([]);
  });

  it('past the values it keeps, leaves values no record has unchecked and says so once', async () => {
    const preview = await analyse('t_p3txouos661', ['Full name,Email,Manager', 'Ann,ann@x.test,', 'Ben,ben@x.test,', 'Cy,cy@x.test,ben@x.test', 'Di,di@x.test,ann@x.test'].join('\n'), 1);
    expect(preview.columns[2].error_count).toBe(0);
    expect(preview.failing_rows).toBe(0);
    expect(preview.problems).toEqual([
      'Manager: rows of this file create more than 1 distinct values; those past them were not checked, so some values no record has may not be listed',
    ]);
  });

  it('suggests customers by email, the field orders match them by: a typo or a case change, not a stranger', async () => {
    const preview = await analyse('orders', ['Customer,Amount', 'alice@exmple.com,1', 'BOB@EXAMPLE.COM,2', 'nobody@example.com,3', 'carol@example.com,4'].join('\n'));
    expect(preview.columns[0].unresolved).toEqual([
      { value: 'alice@exmple.com', rows: 1, first_row: 2, suggestions: ['alice@example.com'] },
      { value: 'BOB@EXAMPLE.COM', rows: 1, first_row: 3, suggestions: ['bob@example.com'] },
      { value: 'nobody@example.com', rows: 1, first_row: 4, suggestions: [] },
    ]);
  });

  it('counts each item of a many-to-many cell like a belongsTo value', async () => {
    const preview = await analyse('orders', ['Amount,Products', '1,"HW-R1, HW-XX"', '2,"HW-XX,SW-BKK"', '3,HW-R1', '4,'].join('\n'));
    const products = preview.columns[1];
    expect(products.proposed_field).toBe('products');
    expect(products.error_count).toBe(3);
    expect(products.first_errors[0]).toEqual({ row: 2, message: "row 2, column B 'Products': no Products record has SKU or ID 'HW-XX'" });
    expect(products.unresolved.map((u) => [u.value, u.rows, u.first_row])).toEqual([
      ['HW-XX', 2, 2],
      ['SW-BKK', 1, 3],
    ]);
    expect(preview.failing_rows).toBe(2);
  });

  it('lists at most 50 distinct values, the most frequent first, and says how many more there were', async () => {
    const rows = Array.from({ length: 60 }, (_, i) => `P${i},p${i}@x.test,Team ${String(i + 1).padStart(2, '0')}`);
    rows.push('Q1,q1@x.test,Team 60', 'Q2,q2@x.test,Team 60', 'Q3,q3@x.test,Team 07');
    const preview = await analyse('t_p3txouos661', ['Full name,Email,Department', ...rows].join('\n'));
    const department = preview.columns[2];
    expect(department.unresolved).toHaveLength(50);
    expect(department.unresolved.slice(0, 3).map((u) => [u.value, u.rows, u.first_row])).toEqual([
      ['Team 60', 3, 61],
      ['Team 07', 2, 8],
      ['Team 01', 1, 2],
    ]);
    expect(department.unresolved_more).toBe(10);
    expect(department.error_count).toBe(63);
  });

  it('still lists the values, without suggestions, when looking for similar ones fails', async () => {
    const employees = await stack.describe('t_p3txouos661');
    const departments = await stack.describe('departments');
    const field = employees.fields.find((f) => f.name === 'f_gr5de6z4rne');
    const plan = { field: field as NonNullable<typeof field>, matchBy: null, target: { ...departments, table: { ...departments.table, name: 'no_such_table' } } };
    expect(await suggestions.suggest(stack.conn, plan, ['Enginering'])).toEqual(new Map([['Enginering', []]]));
  });

  describe('in a large table', () => {
    beforeAll(async () => {
      // 100,000 companies sharing words ("Corp", "Inc"), as real customer tables do, plus the ones looked for.
      await stack.sql.query(`CREATE TABLE companies (id bigint PRIMARY KEY, name varchar(255), code varchar(32) UNIQUE)`);
      await stack.sql.query(
        `INSERT INTO companies SELECT g, initcap(substr(md5(g::text), 1, 6)) || ' ' || (ARRAY['Corp', 'Inc', 'GmbH', 'Ltd'])[1 + g % 4], 'C' || g FROM generate_series(1, 100000) g`,
      );
      await stack.sql.query(`INSERT INTO companies VALUES (200001, 'Acme Corp', 'ACME'), (200002, 'Café Zürich', 'CAFE'), (200003, 'Globex Corporation', 'GLBX')`);
      await stack.sql.query('ANALYZE companies');
    });

    const source = (canFoldAccents: boolean) => ({ table: '"public"."companies"', columns: ['name', 'code'], canFoldAccents });

    it('finds the close records in one scan, although their common words point at thousands of rows', async () => {
      const values = ['ACME  crop', 'Cafe Zurich', 'Globex Corporaton', 'Zzyzx Corp'];
      const candidates = await stack.pools.withClient(stack.conn, (client) => findCandidates(client, source(true), values));
      expect(candidates.get(0)).toContain('Acme Corp');
      expect(candidates.get(1)).toContain('Café Zürich');
      expect(candidates.get(2)).toContain('Globex Corporation');
      // "corp" alone would bring 25,000 rows: too common to be a lead.
      expect(candidates.get(3)).toBeUndefined();
      for (const found of candidates.values()) expect(found.length).toBeLessThanOrEqual(20);
    });

    it('without normalize() on the server, still finds records whose accents the value has', async () => {
      const candidates = await stack.pools.withClient(stack.conn, (client) => findCandidates(client, source(false), ['CAFÉ ZÜRICH', 'Cafe Zurich']));
      expect(candidates.get(0)).toContain('Café Zürich');
    });
  });
});
