import { type CollectionDescription, type CollectionField, matchColumnToField } from '@intake/contracts';
import { createNocoBaseDatabase, type TestDatabase } from '@intake/testing';
import type { NocoBaseConnection } from '../targets/nocobase-target';
import { CollectionReader } from './collection-reader';
import { ConnectionTester } from './connection-tester';
import { NocoBaseMetadataRepository } from './nocobase-metadata.repository';
import { NocoBasePools } from './nocobase-pools';

function connectionTo(db: TestDatabase, overrides: Partial<NocoBaseConnection> = {}): NocoBaseConnection {
  const url = new URL(db.url);
  return {
    targetId: '00000000-0000-4000-8000-000000000001',
    host: url.hostname,
    port: Number(url.port || 5432),
    database: db.name,
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    schema: 'public',
    table_prefix: null,
    ssl: false,
    acting_user_id: 3,
    snowflake_worker_id: 31,
    ...overrides,
  };
}

describe('NocoBase metadata of the 2.2.15 fixture', () => {
  let db: TestDatabase;
  let pools: NocoBasePools;
  let reader: CollectionReader;
  let conn: NocoBaseConnection;

  beforeAll(async () => {
    db = await createNocoBaseDatabase();
    pools = new NocoBasePools();
    reader = new CollectionReader(pools, new NocoBaseMetadataRepository());
    conn = connectionTo(db);
  });
  afterAll(async () => {
    await pools?.onApplicationShutdown();
    await db?.drop();
  });

  const read = async (name: string) => (await reader.describe(conn, name, true)) as CollectionDescription;
  const field = (d: CollectionDescription, name: string) => d.fields.find((f) => f.name === name) as CollectionField;
  const names = (d: CollectionDescription) => d.fields.map((f) => f.name);
  const preset = {
    audit: { created_at: 'createdAt', updated_at: 'updatedAt', created_by_id: 'createdById', updated_by_id: 'updatedById' },
  };

  it('lists every collection but the through table, with titles, field counts and row estimates', async () => {
    const list = await reader.summaries(conn, (name) => (name === 'users' ? 'read' : 'write'));
    expect(list.map((c) => [c.name, c.title, c.field_count, c.row_estimate])).toEqual([
      ['users', 'Users', 17, 2],
      ['customers', 'Customers', 11, 3],
      ['orders', 'Orders', 9, 4],
      ['departments', 'Departments', 6, 3],
      ['products', 'Products', 18, 4],
      ['t_p3txouos661', 'Employees', 12, 5],
      ['legacy_items', 'Legacy items', 9, 3],
      ['tickets', 'Tickets', 10, 5],
    ]);
    expect(list.find((c) => c.name === 'tickets')).toMatchObject({ template: 'tree', tree: true, can_write: true });
    expect(list.find((c) => c.name === 'users')).toMatchObject({ template: null, can_write: false });
    // NocoBase's own collection is written by no one, whatever the grants say.
    const everything = await reader.summaries(conn, () => 'write');
    expect(everything.filter((c) => !c.can_write).map((c) => [c.name, c.kept_by])).toEqual([['users', '@nocobase/plugin-users']]);
    expect(everything.find((c) => c.name === 'customers')?.kept_by).toBeNull();
    expect((await reader.summaries(conn, (name) => (name.startsWith('customer') ? 'write' : null))).map((c) => c.name)).toEqual(['customers']);
  });

  it('customers: preset fields, camelCase columns, unique email, timezone datetime, hasMany orders', async () => {
    const d = await read('customers');
    expect(d).toMatchObject({
      title: 'Customers', template: 'general', table: { schema: 'public', name: 'customers' }, underscored: false, hidden: false, can_write: true,
      row_estimate: 3, primary_key: { kind: 'snowflake', field: 'id', columns: ['id'], sequence: null }, ...preset,
      title_field: 'email', sort_fields: [], tree: null, foreign_key_columns: [], warnings: [],
    });
    expect(names(d)).toEqual(['id', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy', 'name', 'email', 'age', 'active', 'signupDate', 'orders']);
    expect(field(d, 'id')).toMatchObject({ title: 'ID', interface: 'snowflakeId', type: 'snowflakeId', column: 'id', db_type: 'bigint', nullable: false, primary_key: true, unique: true, system: true, required: false });
    expect(field(d, 'createdAt')).toMatchObject({ title: 'Created at', column: 'createdAt', db_type: 'timestamp with time zone', system: true, timezone: true });
    expect(field(d, 'createdBy')).toMatchObject({ title: 'Created by', column: 'createdById', system: true, relation: { type: 'belongsTo', target: 'users', foreign_key: 'createdById', target_key: 'id' } });
    expect(field(d, 'email')).toMatchObject({ interface: 'email', type: 'string', column: 'email', db_type: 'character varying', unique: true, required: false, system: false });
    expect(field(d, 'name')).toMatchObject({ unique: false, required: false, nullable: true, options: null });
    expect(field(d, 'age')).toMatchObject({ interface: 'integer', type: 'bigInt', db_type: 'bigint', timezone: null });
    expect(field(d, 'active')).toMatchObject({ interface: 'checkbox', type: 'boolean', db_type: 'boolean' });
    expect(field(d, 'signupDate')).toMatchObject({ title: 'Signup date', column: 'signupDate', interface: 'datetime', type: 'date', timezone: true });
    expect(field(d, 'orders')).toEqual(expect.objectContaining({
      interface: 'o2m', type: 'hasMany', column: null, nullable: null,
      relation: { type: 'hasMany', target: 'orders', foreign_key: 'customerId', foreign_key_column: 'customerId', target_key: 'id', source_key: 'id', through: null, other_key: null, other_key_column: null, on_delete: 'SET NULL' },
    }));
  });

  it('orders: belongsTo customer through its hidden FK column, m2m products through t_w9ecfhg4a1v, select options', async () => {
    const d = await read('orders');
    expect(names(d)).not.toContain('customerId');
    expect(d.foreign_key_columns).toEqual([{ field: 'customerId', column: 'customerId' }]);
    expect(d.title_field).toBe('id');
    expect(field(d, 'customer')).toMatchObject({
      interface: 'm2o', column: 'customerId', db_type: 'bigint',
      relation: { type: 'belongsTo', target: 'customers', foreign_key: 'customerId', foreign_key_column: 'customerId', target_key: 'id', on_delete: 'SET NULL', through: null },
    });
    expect(field(d, 'products')).toMatchObject({
      interface: 'm2m', type: 'belongsToMany', column: null,
      relation: {
        target: 'products', through: { schema: 'public', name: 't_w9ecfhg4a1v', collection: 't_w9ecfhg4a1v' },
        foreign_key: 'f_lk5x86e826m', foreign_key_column: 'f_lk5x86e826m', other_key: 'f_35ayi2sr426', other_key_column: 'f_35ayi2sr426', source_key: 'id', target_key: 'id',
      },
    });
    expect(field(d, 'amount')).toMatchObject({ interface: 'number', type: 'double', db_type: 'double precision', precision: null });
    expect(field(d, 'status').options).toEqual([
      { value: 'pending', label: 'Pending' },
      { value: 'paid', label: 'Paid' },
      { value: 'cancelled', label: 'Cancelled' },
    ]);
  });

  it('products: decimal, percent, select, multipleSelect, date, url, required name, unique sku, reverse m2m', async () => {
    const d = await read('products');
    expect(d.title_field).toBe('sku');
    expect(field(d, 'name')).toMatchObject({ required: true, nullable: true, unique: false });
    expect(field(d, 'sku')).toMatchObject({ title: 'SKU', unique: true, required: false });
    expect(field(d, 'price')).toMatchObject({ interface: 'number', type: 'decimal', db_type: 'numeric', precision: 10, scale: 2 });
    expect(field(d, 'discount')).toMatchObject({ interface: 'percent', type: 'float', db_type: 'double precision', precision: null, scale: null });
    expect(field(d, 'category').options).toEqual([{ value: 'hw', label: 'Hardware' }, { value: 'sw', label: 'Software' }, { value: 'svc', label: 'Services' }]);
    expect(field(d, 'tags')).toMatchObject({
      interface: 'multipleSelect', type: 'array', db_type: 'jsonb', default_value: [],
      options: [{ value: 'new', label: 'New' }, { value: 'sale', label: 'On sale' }, { value: 'eco', label: 'Eco' }],
    });
    expect(field(d, 'launched')).toMatchObject({ interface: 'date', type: 'dateOnly', db_type: 'date', timezone: null });
    expect(field(d, 'homepage')).toMatchObject({ interface: 'url', type: 'text', db_type: 'text' });
    expect(field(d, 'support_phone')).toMatchObject({ title: 'Support phone', interface: 'phone', column: 'support_phone' });
    expect(field(d, 'orders').relation).toMatchObject({ type: 'belongsToMany', target: 'orders', foreign_key_column: 'f_35ayi2sr426', other_key_column: 'f_lk5x86e826m' });
  });

  it('departments: a required and unique name is the title field', async () => {
    const d = await read('departments');
    expect(field(d, 'name')).toMatchObject({ required: true, unique: true });
    expect(d).toMatchObject({ title_field: 'name', row_estimate: 3, ...preset });
  });

  it('Employees (t_p3txouos661): human titles of f_xxx fields, FK columns, a self-relation', async () => {
    const d = await read('t_p3txouos661');
    expect(d.title).toBe('Employees');
    expect(d.foreign_key_columns).toEqual([{ field: 'f_h776pz84nwr', column: 'f_h776pz84nwr' }, { field: 'f_p12448dtgk1', column: 'f_p12448dtgk1' }]);
    expect(d.fields.filter((f) => !f.system).map((f) => [f.name, f.title])).toEqual([
      ['f_acdt3u3eed3', 'Full name'],
      ['f_oohdks4lfem', 'Email'],
      ['f_72rvm72jkl7', 'Hired at'],
      ['f_6okpvxsq5m9', 'Salary'],
      ['f_gr5de6z4rne', 'Department'],
      ['f_gjyq3tdgpaj', 'Manager'],
      ['f_xa9blzs3bip', 'Direct reports'],
    ]);
    expect(field(d, 'f_acdt3u3eed3')).toMatchObject({ required: true, unique: false });
    expect(field(d, 'f_oohdks4lfem')).toMatchObject({ unique: true });
    expect(field(d, 'f_72rvm72jkl7')).toMatchObject({ timezone: true, db_type: 'timestamp with time zone' });
    expect(field(d, 'f_gr5de6z4rne')).toMatchObject({ column: 'f_h776pz84nwr', relation: { type: 'belongsTo', target: 'departments', foreign_key_column: 'f_h776pz84nwr' } });
    expect(field(d, 'f_gjyq3tdgpaj')).toMatchObject({ column: 'f_p12448dtgk1', relation: { target: 't_p3txouos661', on_delete: 'SET NULL' } });
    expect(field(d, 'f_xa9blzs3bip')).toMatchObject({ column: null, relation: { type: 'hasMany', target: 't_p3txouos661', foreign_key_column: 'f_p12448dtgk1' } });
    expect(d.title_field).toBe('f_oohdks4lfem');
    expect(matchColumnToField('Full name', d.fields)?.name).toBe('f_acdt3u3eed3');
    expect(matchColumnToField('Manager', d.fields)?.name).toBe('f_gjyq3tdgpaj');
  });

  it('legacy_items: an auto-increment key with the sequence to advance', async () => {
    const d = await read('legacy_items');
    expect(d.primary_key).toEqual({ kind: 'auto_increment', field: 'id', columns: ['id'], sequence: 'public.legacy_items_id_seq' });
    expect(field(d, 'id')).toMatchObject({ interface: 'id', type: 'bigInt', system: true });
    expect(field(d, 'code')).toMatchObject({ unique: true });
    expect(field(d, 'weight').title).toBe('Weight (kg)');
    expect(d.title_field).toBe('code');
  });

  it('tickets: a tree with its parent column and path table, and a sort field scoped by parentId', async () => {
    const d = await read('tickets');
    expect(d.tree).toEqual({ type: 'adjacencyList', parent_field: 'parent', parent_column: 'parentId', path_table: { schema: 'public', name: 'main_tickets_path', exists: true } });
    expect(d.sort_fields).toEqual([{ field: 'sort', column: 'sort', scope_key: 'parentId', scope_column: 'parentId' }]);
    expect(d.foreign_key_columns).toEqual([{ field: 'parentId', column: 'parentId' }]);
    expect(names(d)).not.toContain('parentId');
    expect(field(d, 'parent')).toMatchObject({ title: 'Parent', column: 'parentId', relation: { type: 'belongsTo', target: 'tickets', on_delete: 'CASCADE' } });
    expect(field(d, 'children')).toMatchObject({ title: 'Children', column: null, relation: { type: 'hasMany', foreign_key_column: 'parentId' } });
    expect(field(d, 'title')).toMatchObject({ required: true });
    expect(field(d, 'status').options?.map((o) => o.label)).toEqual(['Open', 'In progress', 'Closed']);
    expect(d.title_field).toBe('id');
  });

  it('users: the system collection, its titleField, hidden fields and context FK columns', async () => {
    const d = await read('users');
    expect(d).toMatchObject({ title: 'Users', template: null, title_field: 'nickname', can_write: false, kept_by: '@nocobase/plugin-users', ...preset });
    expect(d.primary_key).toEqual({ kind: 'auto_increment', field: 'id', columns: ['id'], sequence: 'public.users_id_seq' });
    expect(d.foreign_key_columns.map((f) => f.field)).toEqual(['createdById', 'updatedById']);
    expect(field(d, 'password')).toMatchObject({ hidden: true });
    expect(field(d, 'username')).toMatchObject({ title: 'Username', required: true, unique: true });
    expect(field(d, 'roles').relation).toMatchObject({ type: 'belongsToMany', target: 'roles', target_key: 'name', through: { name: 'rolesUsers' }, foreign_key_column: null });
    // The fixture keeps only some tables; what is missing is reported, not fatal.
    expect(d.warnings).toEqual(expect.arrayContaining([expect.stringContaining('rolesUsers')]));
  });

  it('the through table: hidden, composite primary key, both keys are FK columns', async () => {
    const d = await read('t_w9ecfhg4a1v');
    expect(d).toMatchObject({ hidden: true, primary_key: { kind: 'composite', columns: ['f_lk5x86e826m', 'f_35ayi2sr426'], sequence: null }, fields: [] });
    expect(d.audit).toEqual({ created_at: 'createdAt', updated_at: 'updatedAt', created_by_id: null, updated_by_id: null });
  });

  it('answers null for a collection NocoBase does not have', async () => {
    expect(await reader.describe(conn, 'main_tickets_path', true)).toBeNull();
    expect(await reader.describe(conn, 'nope', true)).toBeNull();
  });

  it('matches spreadsheet headers to the real customers fields', async () => {
    const d = await read('customers');
    expect(['E-mail', 'Full name', 'signup_date', 'Signup Date', 'ID', 'Orders'].map((h) => matchColumnToField(h, d.fields)?.name ?? null)).toEqual([
      'email', null, 'signupDate', 'signupDate', 'id', 'orders',
    ]);
  });

  it('never reuses a pool once the settings changed', async () => {
    await expect(reader.describe({ ...conn, database: `${db.name}_gone` }, 'customers', true)).rejects.toMatchObject({ code: 'TARGET_UNREACHABLE', message: expect.stringContaining('does not exist') });
    expect(await reader.describe(conn, 'customers', true)).not.toBeNull();
  });

  describe('connection test', () => {
    const tester = new ConnectionTester();

    it('counts the collections and checks the acting user', async () => {
      const ok = await tester.test(conn);
      expect(ok).toMatchObject({ ok: true, collections: 9, warnings: [], server_version: expect.stringMatching(/^\d+/) });
      const noUser = await tester.test({ ...conn, acting_user_id: 99 });
      expect(noUser.warnings).toEqual(['Acting user 99 does not exist in public.users']);
      expect((await tester.test({ ...conn, acting_user_id: null })).warnings[0]).toMatch(/no author/);
    });

    it('says what is wrong, quickly, instead of failing', async () => {
      const wrongDb = await tester.test({ ...conn, database: 'no_such_database_here' });
      expect(wrongDb).toMatchObject({ ok: false, collections: null, message: "Database 'no_such_database_here' does not exist on 127.0.0.1:5432" });
      const wrongSchema = await tester.test({ ...conn, schema: 'nocobase' });
      expect(wrongSchema).toMatchObject({ ok: false, server_version: expect.any(String), message: expect.stringContaining('nocobase.collections does not exist') });
      const wrongPort = await tester.test({ ...conn, port: 1 });
      expect(wrongPort).toMatchObject({ ok: false, message: expect.stringContaining('connection refused') });
      expect(wrongPort.elapsed_ms).toBeLessThan(3000);
    });
  });
});
