/* eslint-disable no-console -- a command-line benchmark prints its figures */
/**
 * Throughput of the NocoBase writer against plain PostgreSQL loading, on a customers-shaped table
 * (PK + unique email, the fixture's real `customers` collection):
 *
 *   npm run build && node dist/apps/import-service/bench/writer-bench.js [rows=200000] [batch=10000]
 *
 * Needs PostgreSQL at TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) and the
 * NocoBase fixture (NOCOBASE_FIXTURE_DIR, default ../shared/fixtures/nocobase). Works in a throwaway
 * database it drops at the end. The writer's figures include conversion-free writing only: reserved
 * ids, classification, the journal in our schema, one transaction per batch.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { copyLine, copyLines } from '../src/nocobase-writer/copy-text';
import { RowConverter } from '../src/nocobase-writer/row-converter';
import { columnsOf } from '../src/nocobase-writer/test-support/import-rows';
import { loadNocoBaseFixture } from '@intake/testing';
import { openWriterStack, type WriterStack } from '../src/nocobase-writer/test-support/writer-fixture';
import type { WriteMode, WriteRow } from '../src/nocobase-writer/writer-types';

const ROWS = Number(process.argv[2] ?? 200_000);
const BATCH = Number(process.argv[3] ?? 10_000);
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const HEADERS = ['Name', 'Email', 'Age', 'Active', 'Signup date'];
const COLUMNS = ['id', '"createdAt"', '"updatedAt"', '"createdById"', '"updatedById"', 'name', 'email', 'age', 'active', '"signupDate"'];

interface Figure {
  method: string;
  rows: number;
  seconds: number;
}

const cells = (i: number) => [`Customer ${i}`, `c${i}@bench.example`, String(i % 90), i % 2 ? 'yes' : 'no', '2024-01-01 10:00'];

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

async function timed(method: string, rows: number, work: () => Promise<unknown>): Promise<Figure> {
  const started = process.hrtime.bigint();
  await work();
  const figure = { method, rows, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
  console.log(`  ${method}: ${Math.round(rows / figure.seconds).toLocaleString('en')} rows/s`);
  return figure;
}

/** The converted rows of one job: rows [from, from + count) of the generated sheet. */
function convertRows(converter: RowConverter, from: number, count: number): WriteRow[] {
  return Array.from({ length: count }, (_, k) => {
    const result = converter.convert({ rowNumber: k + 2, values: cells(from + k) });
    if (!result.ok) throw new Error(result.errors[0].message);
    return { rowNumber: k + 2, rowIndex: k, values: result.values };
  });
}

async function writeJob(stack: WriterStack, mode: WriteMode, rows: WriteRow[]): Promise<Record<string, number>> {
  const description = await stack.describe('customers');
  const jobId = randomUUID();
  const ids = await stack.reservations.reserve({ jobId, conn: stack.conn, description, rowCount: rows.length });
  const counts: Record<string, number> = {};
  for (let at = 0, batchNo = 1; at < rows.length; at += BATCH, batchNo++) {
    const outcomes = await stack.writer.writeBatch({ jobId, batchNo, conn: stack.conn, description, ids, mode, keyFields: mode === 'insert' ? [] : ['email'], emptyCells: 'clear', rows: rows.slice(at, at + BATCH) });
    for (const o of outcomes) counts[o.status] = (counts[o.status] ?? 0) + 1;
  }
  return counts;
}

/** Plain loading of the same rows into a copy of the table, for the ceiling and the floor. */
async function baselines(url: string, rows: WriteRow[]): Promise<Figure[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    for (const t of ['customers_copy', 'customers_unnest', 'customers_rows']) await client.query(`CREATE TABLE ${t} (LIKE customers INCLUDING ALL)`);
    const now = new Date();
    const line = (r: WriteRow, i: number) => [String(1e12 + i), now, now, 3, 3, r.values.name, r.values.email, r.values.age, r.values.active, r.values.signupDate] as const;
    const figures: Figure[] = [];
    figures.push(await timed('COPY FROM STDIN (one stream, pg-copy-streams)', rows.length, async () => {
      await client.query('BEGIN');
      await copyLines(client as never, 'customers_copy', COLUMNS, rows.map((r, i) => copyLine(line(r, i))));
      await client.query('COMMIT');
    }));
    figures.push(await timed(`INSERT … SELECT unnest, ${BATCH.toLocaleString('en')} per batch`, rows.length, async () => {
      for (let at = 0; at < rows.length; at += BATCH) {
        const part = rows.slice(at, at + BATCH).map((r, k) => line(r, at + k));
        const column = (j: number) => part.map((p) => p[j]);
        await client.query(
          `INSERT INTO customers_unnest (${COLUMNS.join(', ')}) SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::timestamptz[], $4::bigint[], $5::bigint[], $6::text[], $7::text[], $8::bigint[], $9::boolean[], $10::timestamptz[])`,
          Array.from({ length: 10 }, (_, j) => column(j)),
        );
      }
    }));
    const sample = rows.slice(0, Math.min(rows.length, 20_000));
    figures.push(await timed('one INSERT per row, one transaction', sample.length, async () => {
      await client.query('BEGIN');
      for (const [i, r] of sample.entries()) await client.query(`INSERT INTO customers_rows (${COLUMNS.join(', ')}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, [...line(r, i)]);
      await client.query('COMMIT');
    }));
    return figures;
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const name = `intake_bench_${randomBytes(4).toString('hex')}`;
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  await admin(`CREATE DATABASE ${name}`);
  let stack: WriterStack | undefined;
  try {
    console.log(`${ROWS.toLocaleString('en')} rows, batches of ${BATCH.toLocaleString('en')}, database ${name}`);
    await loadNocoBaseFixture(url.toString());
    stack = await openWriterStack(url.toString(), name);
    const description = await stack.describe('customers');
    const facts = await stack.facts.read(stack.conn, description);
    const converter = new RowConverter(description, { 0: 'name', 1: 'email', 2: 'age', 3: 'active', 4: 'signupDate' }, { columns: columnsOf(HEADERS), maxLengths: facts.maxLengths });
    let inserts: WriteRow[] = [];
    const figures: Figure[] = [await timed('RowConverter (no I/O)', ROWS, async () => (inserts = convertRows(converter, 0, ROWS)))];
    let counts: Record<string, number> = {};
    figures.push(await timed('writer, insert mode', ROWS, async () => (counts = await writeJob(stack as WriterStack, 'insert', inserts))));
    console.log(`    ${JSON.stringify(counts)}`);
    const upserts = convertRows(converter, ROWS / 2, ROWS);
    figures.push(await timed('writer, upsert mode (half existing)', ROWS, async () => (counts = await writeJob(stack as WriterStack, 'upsert', upserts))));
    console.log(`    ${JSON.stringify(counts)}`);
    figures.push(...(await baselines(url.toString(), inserts)));
    const copy = figures.find((f) => f.method.startsWith('COPY')) as Figure;
    const copyRate = copy.rows / copy.seconds;
    console.log('\n| method | rows | seconds | rows/s | vs COPY |\n|---|---|---|---|---|');
    for (const f of figures) {
      const rate = f.rows / f.seconds;
      console.log(`| ${f.method} | ${f.rows.toLocaleString('en')} | ${f.seconds.toFixed(2)} | ${Math.round(rate).toLocaleString('en')} | ${(rate / copyRate).toFixed(2)} |`);
    }
  } finally {
    await stack?.close();
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
