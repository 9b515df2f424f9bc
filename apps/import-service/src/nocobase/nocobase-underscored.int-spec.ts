import type { CollectionDescription } from '@intake/contracts';
import { createTestDatabase, type TestDatabase } from '@intake/testing';
import { Client } from 'pg';
import type { NocoBaseConnection } from '../targets/nocobase-target';
import { CollectionReader } from './collection-reader';
import { ConnectionTester } from './connection-tester';
import { NocoBaseMetadataRepository } from './nocobase-metadata.repository';
import { NocoBasePools } from './nocobase-pools';

/**
 * A NocoBase started with DB_UNDERSCORED=true, DB_SCHEMA=nb and DB_TABLE_PREFIX=nb_: snake_case
 * columns everywhere (its own `fields.collection_name` too), prefixed tables, and one collection
 * whose options move it to another schema and table name.
 */
const SQL = `
  CREATE SCHEMA nb;
  CREATE SCHEMA extra;
  CREATE TABLE nb.nb_collections (key varchar(255) PRIMARY KEY, name varchar(255) UNIQUE, title varchar(255), inherit boolean DEFAULT false,
    hidden boolean DEFAULT false, options json DEFAULT '{}', description varchar(255), sort bigint);
  CREATE TABLE nb.nb_fields (key varchar(255) PRIMARY KEY, name varchar(255), type varchar(255), interface varchar(255), description varchar(255),
    collection_name varchar(255), parent_key varchar(255), reverse_key varchar(255), options json DEFAULT '{}', sort bigint);
  CREATE TABLE nb.nb_purchase_orders (created_at timestamptz, updated_at timestamptz, id bigint PRIMARY KEY, created_by_id bigint, updated_by_id bigint,
    order_number varchar(255), vendor_id bigint, total_amount numeric(12,3));
  CREATE UNIQUE INDEX purchase_orders_order_number ON nb.nb_purchase_orders (order_number);
  CREATE TABLE extra.nb_supplier_list (id bigserial PRIMARY KEY, vendor_code varchar(255) UNIQUE, created_at timestamptz);
  INSERT INTO nb.nb_collections (key, name, title, options, sort) VALUES
    ('c1', 'purchaseOrders', '{{t("Purchase orders")}}', '{"template":"general","underscored":true}', 1),
    ('c2', 'vendors', 'Vendors', '{"template":"general","tableName":"supplierList","schema":"extra"}', 2);
  INSERT INTO nb.nb_fields (key, name, type, interface, collection_name, options, sort) VALUES
    ('f1', 'id', 'snowflakeId', 'snowflakeId', 'purchaseOrders', '{"primaryKey":true,"allowNull":false}', 1),
    ('f2', 'createdAt', 'date', 'createdAt', 'purchaseOrders', '{"field":"createdAt"}', 2),
    ('f3', 'createdBy', 'belongsTo', 'createdBy', 'purchaseOrders', '{"target":"users","foreignKey":"createdById"}', 3),
    ('f4', 'orderNumber', 'string', 'input', 'purchaseOrders', '{"uiSchema":{"title":"Order number"}}', 4),
    ('f5', 'vendorId', 'bigInt', 'integer', 'purchaseOrders', '{"isForeignKey":true}', 5),
    ('f6', 'vendor', 'belongsTo', 'm2o', 'purchaseOrders', '{"target":"vendors","foreignKey":"vendorId","uiSchema":{"title":"{{t(\\"Vendor\\")}}"}}', 6),
    ('f7', 'totalAmount', 'decimal', 'number', 'purchaseOrders', '{"uiSchema":{"title":"Total"}}', 7),
    ('f8', 'id', 'bigInt', 'id', 'vendors', '{"primaryKey":true,"autoIncrement":true}', 1),
    ('f9', 'vendorCode', 'string', 'input', 'vendors', '{"unique":true,"uiSchema":{"title":"Code"}}', 2);
`;

describe('NocoBase metadata of an underscored database with a schema and a table prefix', () => {
  let db: TestDatabase;
  let pools: NocoBasePools;
  let reader: CollectionReader;
  let conn: NocoBaseConnection;

  beforeAll(async () => {
    db = await createTestDatabase();
    const client = new Client({ connectionString: db.url });
    await client.connect();
    await client.query(SQL);
    await client.end();
    pools = new NocoBasePools();
    reader = new CollectionReader(pools, new NocoBaseMetadataRepository());
    const url = new URL(db.url);
    conn = {
      targetId: '00000000-0000-4000-8000-000000000002', host: url.hostname, port: Number(url.port || 5432), database: db.name,
      user: decodeURIComponent(url.username), password: '', schema: 'nb', table_prefix: 'nb_', ssl: false, acting_user_id: null, snowflake_worker_id: 7,
    };
  });
  afterAll(async () => {
    await pools?.onApplicationShutdown();
    await db?.drop();
  });

  it('resolves snake_case tables and columns', async () => {
    const d = (await reader.describe(conn, 'purchaseOrders', true)) as CollectionDescription;
    expect(d).toMatchObject({
      title: 'Purchase orders', underscored: true, table: { schema: 'nb', name: 'nb_purchase_orders' },
      audit: { created_at: 'created_at', updated_at: 'updated_at', created_by_id: 'created_by_id', updated_by_id: 'updated_by_id' },
      foreign_key_columns: [{ field: 'vendorId', column: 'vendor_id' }], title_field: 'orderNumber', warnings: [],
    });
    const byName = Object.fromEntries(d.fields.map((f) => [f.name, f]));
    expect(byName.orderNumber).toMatchObject({ column: 'order_number', unique: true });
    expect(byName.vendor).toMatchObject({ title: 'Vendor', column: 'vendor_id', relation: { target: 'vendors', foreign_key: 'vendorId', foreign_key_column: 'vendor_id' } });
    expect(byName.totalAmount).toMatchObject({ column: 'total_amount', precision: 12, scale: 3 });
  });

  it('follows options.schema and options.tableName, with the prefix', async () => {
    const d = (await reader.describe(conn, 'vendors', false)) as CollectionDescription;
    expect(d).toMatchObject({
      table: { schema: 'extra', name: 'nb_supplier_list' }, can_write: false, title_field: 'vendorCode',
      primary_key: { kind: 'auto_increment', sequence: 'extra.nb_supplier_list_id_seq' },
      audit: { created_at: 'created_at', created_by_id: null },
    });
    expect(d.fields.map((f) => [f.name, f.column])).toEqual([['id', 'id'], ['vendorCode', 'vendor_code']]);
  });

  it('lists and tests with the prefix', async () => {
    expect((await reader.summaries(conn, () => 'write')).map((c) => [c.name, c.field_count])).toEqual([['purchaseOrders', 6], ['vendors', 2]]);
    expect(await new ConnectionTester().test(conn)).toMatchObject({ ok: true, collections: 2 });
    expect(await new ConnectionTester().test({ ...conn, table_prefix: null })).toMatchObject({ ok: false, message: expect.stringContaining('table prefix') });
  });
});
