/**
 * Floors: what the speed goals leave room for. Two measurements in the same run as the COPY ceiling,
 * on the large CSV: PostgreSQL's own work for the upsert (upsert-floor.ts) and the barest Node
 * pipeline for the insert (bare-pipeline.ts). Each is compared with the time its goal allows.
 */
import { type BarePipeline, measureBarePipeline } from './bare-pipeline';
import type { BenchDatabase } from './bench-database';
import { type CopyFigure, GOALS, table } from './report';
import { measureUpsertFloor, type UpsertFloor } from './upsert-floor';

export interface Floors {
  copy: CopyFigure;
  upsert: UpsertFloor;
  bare: BarePipeline;
}

/** Writes out what the last floor dirtied, so the next measurement does not pay for it. */
const checkpoint = (db: BenchDatabase) => db.with((c) => c.query('CHECKPOINT'));

export async function measureFloors(db: BenchDatabase, copy: CopyFigure, log: (line: string) => void): Promise<Floors> {
  log(`\nFloors: what the goals leave room for (${copy.file.label}):`);
  log('  upsert floor, PostgreSQL alone (one statement each over every row):');
  const upsert = await measureUpsertFloor(db, copy.file, log);
  log(`  ${'total'.padEnd(26)} ${upsert.seconds.toFixed(1).padStart(5)} s`);
  await checkpoint(db);
  const bare = await measureBarePipeline(db, copy.file);
  log(`  insert floor, bare Node pipeline: ${bare.seconds.toFixed(1)} s, Node CPU ${bare.cpuSeconds.toFixed(1)} s, at most ${(bare.heldBytes / 1e6).toFixed(0)} MB waiting for COPY`);
  await checkpoint(db);
  for (const p of [...upsert.problems, ...bare.problems]) log(`  ⚠ ${p}`);
  return { copy, upsert, bare };
}

const n = (x: number) => Math.round(x).toLocaleString('en');
const s = (x: number) => x.toFixed(1);

export function floorsReport({ copy, upsert, bare }: Floors): string {
  const rows = copy.file.rows;
  const copyRate = rows / copy.seconds;
  const line = (name: string, seconds: number, goal: number, cpu: string) => {
    const allowed = rows / (goal * copyRate);
    return [name, s(seconds), n(rows / seconds), (copy.seconds / seconds).toFixed(2), `${goal.toFixed(2)}×`, s(allowed), s(allowed - seconds), cpu];
  };
  const problems = [...upsert.problems, ...bare.problems];
  return [
    `Floors: what the goals leave room for (${copy.file.label}, ${n(rows)} rows; COPY ${s(copy.seconds)} s, ${n(copyRate)} rows/s in this run).`,
    'A goal allows rows / (ratio × COPY rows/s); "left" is what it leaves for everything a real import does beyond the floor.',
    table(
      ['floor', 'seconds', 'rows/s', '× COPY', 'goal', 'goal allows s', 'left s', 'Node CPU s'],
      [
        line('upsert: PostgreSQL alone, set-based', upsert.seconds, GOALS.upsertVsCopy, '—'),
        line('insert: bare Node parse → check → COPY', bare.seconds, GOALS.insertVsCopy, s(bare.cpuSeconds)),
      ],
    ),
    `Upsert floor by statement: ${upsert.steps.map((st) => `${st.name} ${s(st.seconds)} s`).join(', ')}.`,
    'Insert floor: papaparse step → a regex check per cell → COPY text with ids and audit columns → pg-copy-streams (no coercion,',
    'no result file, journal or checkpoints).',
    ...(problems.length ? [`Floor checks that failed:\n${problems.map((p) => `  ${p}`).join('\n')}`] : []),
  ].join('\n');
}
