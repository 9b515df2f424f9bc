/**
 * The NocoBase side of the benchmark: a throwaway database with the real NocoBase fixture, one more
 * collection `bench_people` made the way NocoBase makes a "general" collection, its COPY twin, and
 * the table states each run starts from.
 */
import { createTestDatabase, loadNocoBaseFixture, type TestDatabase } from '@intake/testing';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { FIELD_NAMES } from './bench-data';

export const COLLECTION = 'bench_people';
export const COPY_TABLE = 'bench_people_copy';
/** NocoBase users.id of the fixture's `importer` user: the acting user of the target and of COPY's rows. */
export const ACTING_USER_ID = 3;

/**
 * The fields NocoBase would have made for these columns. The first ten rows (the preset id, audit
 * fields, name, email, age, active, signupDate) are copied from the fixture's `customers` rows; the
 * five below are modelled on orders.amount, products.price, products.launched and orders.status.
 */
const NEW_FIELDS: [name: string, type: string, iface: string, options: object][] = [
  ['city', 'string', 'input', { uiSchema: { type: 'string', title: 'City', 'x-component': 'Input' } }],
  ['score', 'double', 'number', { uiSchema: { type: 'number', title: 'Score', 'x-component': 'InputNumber', 'x-component-props': { stringMode: true, step: '0.01' } } }],
  ['balance', 'decimal', 'number', { precision: 12, scale: 2, uiSchema: { type: 'number', 'x-component': 'InputNumber', 'x-component-props': { stringMode: true, step: '0.01' }, title: 'Balance' } }],
  ['birthday', 'dateOnly', 'date', { uiSchema: { type: 'string', 'x-component': 'DatePicker', 'x-component-props': { dateOnly: true, showTime: false }, title: 'Birthday' } }],
  ['tier', 'string', 'select', { uiSchema: { type: 'string', title: 'Tier', 'x-component': 'Select', enum: ['bronze', 'silver', 'gold'].map((v) => ({ value: v, label: v[0].toUpperCase() + v.slice(1) })) } }],
];

const TABLE_SQL = `
  CREATE TABLE public.${COLLECTION} (
    "createdAt" timestamp with time zone, "updatedAt" timestamp with time zone, id bigint NOT NULL,
    "createdById" bigint, "updatedById" bigint,
    name character varying(255), email character varying(255), age bigint, active boolean,
    "signupDate" timestamp with time zone, city character varying(255), score double precision,
    balance numeric(12,2), birthday date, tier character varying(255));
  ALTER TABLE ONLY public.${COLLECTION} ADD CONSTRAINT ${COLLECTION}_pkey PRIMARY KEY (id);
  ALTER TABLE ONLY public.${COLLECTION} ADD CONSTRAINT ${COLLECTION}_email_key UNIQUE (email);`;

/**
 * The COPY twin: the same columns, types, primary key and unique email (LIKE … INCLUDING ALL). A CSV
 * has no id or audit columns, so here a sequence and defaults fill them; the sequence also numbers
 * the rows in file order (id = row index + 1), which is what seeding the upsert runs relies on.
 */
const COPY_TABLE_SQL = `
  CREATE TABLE public.${COPY_TABLE} (LIKE public.${COLLECTION} INCLUDING ALL);
  CREATE SEQUENCE public.${COPY_TABLE}_id_seq OWNED BY public.${COPY_TABLE}.id;
  ALTER TABLE public.${COPY_TABLE}
    ALTER id SET DEFAULT nextval('public.${COPY_TABLE}_id_seq'),
    ALTER "createdAt" SET DEFAULT date_trunc('milliseconds', now()), ALTER "updatedAt" SET DEFAULT date_trunc('milliseconds', now()),
    ALTER "createdById" SET DEFAULT ${ACTING_USER_ID}, ALTER "updatedById" SET DEFAULT ${ACTING_USER_ID};`;

const COPY_COLUMNS = FIELD_NAMES.map((f) => `"${f}"`).join(', ');
const SEED_COLUMNS = ['"createdAt"', '"updatedAt"', 'id', '"createdById"', '"updatedById"', ...FIELD_NAMES.map((f) => `"${f}"`)];
/** The existing half holds older values, so the upsert changes something in every row it updates. */
const SEED_OLD_VALUES: Record<string, string> = {
  '"createdAt"': `"createdAt" - interval '30 days'`,
  '"updatedAt"': `"updatedAt" - interval '30 days'`,
  '"name"': `'Old ' || name`,
  '"age"': 'age - 1',
  '"balance"': 'balance / 2',
};

export class BenchDatabase {
  private constructor(private readonly db: TestDatabase) {}

  get name(): string {
    return this.db.name;
  }

  /** A fresh database with the NocoBase fixture plus bench_people. */
  static async create(register: (db: TestDatabase) => void): Promise<BenchDatabase> {
    const db = await createTestDatabase();
    register(db);
    await loadNocoBaseFixture(db.url);
    const bench = new BenchDatabase(db);
    await bench.with(async (client) => {
      await addCollection(client);
      await client.query('ANALYZE');
    });
    return bench;
  }

  async with<T>(work: (client: Client) => Promise<T>): Promise<T> {
    const client = new Client({ connectionString: this.db.url });
    await client.connect();
    try {
      await client.query(`SET TimeZone = 'UTC'`);
      return await work(client);
    } finally {
      await client.end();
    }
  }

  /** The ceiling: the CSV's bytes streamed into `COPY … FROM STDIN (FORMAT csv)`, into an empty twin. Returns seconds. */
  async copyCsv(csvPath: string): Promise<number> {
    return this.with(async (client) => {
      await client.query(`TRUNCATE public.${COPY_TABLE} RESTART IDENTITY`);
      const started = process.hrtime.bigint();
      await streamCsv(client, COPY_TABLE, csvPath);
      return Number(process.hrtime.bigint() - started) / 1e9;
    });
  }

  /** Another empty table like the collection (same columns, primary key and unique email), for the floors. */
  async createTwin(table: string): Promise<void> {
    await this.with((c) => c.query(`DROP TABLE IF EXISTS public.${table}; CREATE TABLE public.${table} (LIKE public.${COLLECTION} INCLUDING ALL)`));
  }

  async dropTable(table: string): Promise<void> {
    await this.with((c) => c.query(`DROP TABLE IF EXISTS public.${table}`));
  }

  /** Insert runs start from an empty collection. */
  async empty(): Promise<void> {
    await this.with((c) => c.query(`TRUNCATE public.${COLLECTION}; ANALYZE public.${COLLECTION}`));
  }

  /**
   * Upsert runs start from a collection holding every second row of the file (rows 1, 3, 5, … by
   * index) with older values, taken from the COPY twin; the import then updates those (by email)
   * and inserts the others.
   */
  async holdHalfOf(rows: number): Promise<number> {
    return this.holdHalfIn(COLLECTION, rows);
  }

  /** The same seeding into another table like the collection (the upsert floor's copy). */
  async holdHalfIn(table: string, rows: number): Promise<number> {
    return this.with(async (client) => {
      await client.query(`TRUNCATE public.${table}`);
      const { rowCount } = await client.query(
        `INSERT INTO public.${table} (${SEED_COLUMNS.join(', ')})
           SELECT ${SEED_COLUMNS.map((c) => SEED_OLD_VALUES[c] ?? c).join(', ')} FROM public.${COPY_TABLE} WHERE id <= $1 AND id % 2 = 0`,
        [rows],
      );
      await client.query(`VACUUM ANALYZE public.${table}`);
      return rowCount ?? 0;
    });
  }

  async count(): Promise<number> {
    return this.with(async (c) => Number((await c.query(`SELECT count(*) AS n FROM public.${COLLECTION}`)).rows[0].n));
  }
}

/** The CSV's bytes (header and the ten columns) streamed into `COPY table (…) FROM STDIN (FORMAT csv)`. */
export async function streamCsv(client: Client, table: string, csvPath: string): Promise<void> {
  const copy = client.query(copyFrom(`COPY public.${table} (${COPY_COLUMNS}) FROM STDIN (FORMAT csv, HEADER true)`));
  await pipeline(createReadStream(csvPath, { highWaterMark: 1 << 16 }), copy);
}

async function addCollection(client: Client): Promise<void> {
  const key = `substr(md5(random()::text), 1, 11)`;
  await client.query(`
    INSERT INTO public.collections (key, name, title, inherit, hidden, options, description, sort)
      SELECT ${key}, '${COLLECTION}', 'Bench people', inherit, hidden, options, description, (SELECT max(sort) + 1 FROM public.collections)
        FROM public.collections WHERE name = 'customers'`);
  await client.query(
    `INSERT INTO public.fields (key, name, type, interface, description, "collectionName", "parentKey", "reverseKey", options, sort)
       SELECT ${key}, name, type, interface, description, '${COLLECTION}', NULL, NULL, options, sort
         FROM public.fields WHERE "collectionName" = 'customers' AND name = ANY($1)`,
    [['id', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy', 'name', 'email', 'age', 'active', 'signupDate']],
  );
  for (const [i, [name, type, iface, options]] of NEW_FIELDS.entries()) {
    await client.query(
      `INSERT INTO public.fields (key, name, type, interface, description, "collectionName", "parentKey", "reverseKey", options, sort)
         VALUES (${key}, $1, $2, $3, NULL, '${COLLECTION}', NULL, NULL, $4::json, $5)`,
      [name, type, iface, JSON.stringify(options), 11 + i],
    );
  }
  await client.query(TABLE_SQL);
  await client.query(COPY_TABLE_SQL);
}
