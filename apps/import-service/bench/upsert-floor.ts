/**
 * The upsert floor: PostgreSQL's own work for an upsert of the whole file, set-based, with nothing
 * from Node. On a copy of the collection seeded like the upsert runs (every second row, older
 * values), one statement each over all rows: COPY the CSV into an unlogged stage, find the existing
 * rows by email, journal their before-images (which a rollback needs), UPDATE those from the stage,
 * INSERT the others with new ids and audit columns. No real import can do less in the database.
 */
import type { Client } from 'pg';
import { ACTING_USER_ID, type BenchDatabase, streamCsv } from './bench-database';
import type { BenchFile } from './import-runs';

const TABLE = 'bench_floor_people';
const STAGE = 'bench_floor_stage';
const JOURNAL = 'bench_floor_journal';
/** New ids start above any id of the seeded half (which are row indexes). */
const NEW_ID_BASE = 1_000_000_000_000;

export interface FloorStep {
  name: string;
  seconds: number;
}

export interface UpsertFloor {
  file: BenchFile;
  steps: FloorStep[];
  seconds: number;
  problems: string[];
}

const SET_COLUMNS = ['name', 'age', 'active', 'signupDate', 'city', 'score', 'balance', 'birthday', 'tier'].map((c) => `"${c}"`);

/** The statements after the stage COPY, in order, each with the row count it must report. */
function statements(rows: number, existing: number): { name: string; sql: string; rowCount: number }[] {
  return [
    { name: 'lookup by email', sql: `CREATE TEMP TABLE bench_floor_hit AS SELECT s.email, t.id FROM public.${STAGE} s JOIN public.${TABLE} t USING (email)`, rowCount: existing },
    { name: 'journal before-images', sql: `INSERT INTO public.${JOURNAL} SELECT 1, t.id, to_jsonb(t) FROM public.${TABLE} t JOIN bench_floor_hit USING (id)`, rowCount: existing },
    {
      name: 'UPDATE the existing half',
      sql: `UPDATE public.${TABLE} t SET "updatedAt" = now(), ${SET_COLUMNS.map((c) => `${c} = s.${c}`).join(', ')} FROM public.${STAGE} s WHERE s.email = t.email`,
      rowCount: existing,
    },
    {
      name: 'INSERT the other half',
      sql: `INSERT INTO public.${TABLE} ("createdAt", "updatedAt", id, "createdById", "updatedById", name, email, ${SET_COLUMNS.slice(1).join(', ')})
              SELECT now(), now(), ${NEW_ID_BASE} + row_number() OVER (), ${ACTING_USER_ID}, ${ACTING_USER_ID}, s.name, s.email, ${SET_COLUMNS.slice(1).map((c) => `s.${c}`).join(', ')}
                FROM public.${STAGE} s WHERE NOT EXISTS (SELECT 1 FROM bench_floor_hit h WHERE h.email = s.email)`,
      rowCount: rows - existing,
    },
  ];
}

/** Seconds the work took, and its result. */
async function timed<T>(work: () => Promise<T>): Promise<[number, T]> {
  const started = process.hrtime.bigint();
  const result = await work();
  return [Number(process.hrtime.bigint() - started) / 1e9, result];
}

async function run(client: Client, file: BenchFile, existing: number, log: (line: string) => void): Promise<UpsertFloor> {
  await client.query(`
    CREATE TABLE public.${JOURNAL} (job int, id bigint, before jsonb);
    CREATE UNLOGGED TABLE public.${STAGE} (name text, email text, age bigint, active boolean, "signupDate" timestamptz,
      city text, score double precision, balance numeric, birthday date, tier text);
    CHECKPOINT`); // the seeding's dirty pages are not the floor's to write
  const steps: FloorStep[] = [];
  const problems: string[] = [];
  const step = (name: string, seconds: number) => {
    steps.push({ name, seconds });
    log(`  ${name.padEnd(26)} ${seconds.toFixed(1).padStart(5)} s`);
  };
  step('stage COPY', (await timed(() => streamCsv(client, STAGE, file.path)))[0]);
  for (const s of statements(file.rows, existing)) {
    const [seconds, { rowCount }] = await timed(() => client.query(s.sql));
    step(s.name, seconds);
    if (rowCount !== s.rowCount) problems.push(`${s.name}: ${rowCount} rows, not ${s.rowCount}`);
  }
  const total = Number((await client.query(`SELECT count(*) AS n FROM public.${TABLE}`)).rows[0].n);
  if (total !== file.rows) problems.push(`the table holds ${total} rows, not ${file.rows}`);
  return { file, steps, seconds: steps.reduce((sum, s) => sum + s.seconds, 0), problems };
}

export async function measureUpsertFloor(db: BenchDatabase, file: BenchFile, log: (line: string) => void): Promise<UpsertFloor> {
  await db.createTwin(TABLE);
  try {
    const existing = await db.holdHalfIn(TABLE, file.rows);
    return await db.with((client) => run(client, file, existing, log));
  } finally {
    await db.with((c) => c.query(`DROP TABLE IF EXISTS public.${STAGE}, public.${JOURNAL}, public.${TABLE}`));
  }
}
