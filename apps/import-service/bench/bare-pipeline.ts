/**
 * The insert floor: the barest Node pipeline from the CSV to the table. papaparse `step` over the
 * file stream, a regex check per cell and nothing else (no coercion, no day-first dates, no result
 * file, journal or checkpoints), one COPY text line per row with a new id and the audit columns,
 * pg-copy-streams into an empty table like the collection. Runs in the bench process; its CPU time
 * is what any import of this file costs Node at least.
 */
import Papa from 'papaparse';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { FIELD_NAMES } from './bench-data';
import { ACTING_USER_ID, type BenchDatabase } from './bench-database';
import type { BenchFile } from './import-runs';

const TABLE = 'bench_floor_bare';
const COLUMNS = ['createdAt', 'updatedAt', 'id', 'createdById', 'updatedById', ...FIELD_NAMES].map((c) => `"${c}"`).join(', ');
const LINES_PER_CHUNK = 10_000;
/** Ids as long as NocoBase's snowflake ids. */
const ID_BASE = 1_000_000_000_000;

export interface BarePipeline {
  file: BenchFile;
  seconds: number;
  /** The bench process's CPU time (user + system) over the run. */
  cpuSeconds: number;
  /** The most COPY text waiting for the COPY at once (the parser is not held back). */
  heldBytes: number;
  problems: string[];
}

const INT = /^-?\d{1,15}$/;
const DECIMAL = /^-?\d{1,10}(?:\.\d{1,2})?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const COPY_SPECIAL = /[\t\n\r\\]/;
const BOOLEAN: Record<string, string> = { yes: 't', no: 'f' };
const TIERS = new Set(['bronze', 'silver', 'gold']);

/** The row's COPY text line, or null when a cell fails its check. */
function copyLine(cells: string[], id: number, now: string): string | null {
  if (cells.length !== 10) return null;
  const [name, email, age, active, signup, city, score, balance, birthday, tier] = cells;
  const ok =
    name.length <= 255 &&
    !COPY_SPECIAL.test(name) &&
    EMAIL.test(email) &&
    INT.test(age) &&
    BOOLEAN[active] !== undefined &&
    DATETIME.test(signup) &&
    (score === '' || !Number.isNaN(Number(score))) &&
    DECIMAL.test(balance) &&
    DATE.test(birthday) &&
    TIERS.has(tier);
  if (!ok) return null;
  return `${now}\t${now}\t${id}\t${ACTING_USER_ID}\t${ACTING_USER_ID}\t${name}\t${email}\t${age}\t${BOOLEAN[active]}\t${signup}+00\t${city === '' ? '\\N' : city}\t${score === '' ? '\\N' : score}\t${balance}\t${birthday}\t${tier}\n`;
}

export async function measureBarePipeline(db: BenchDatabase, file: BenchFile): Promise<BarePipeline> {
  await db.createTwin(TABLE);
  try {
    return await db.with(async (client) => {
      const started = process.hrtime.bigint();
      const cpuFrom = process.cpuUsage();
      const now = new Date().toISOString();
      const lines = new Readable({
        read() {
          // the parser pushes; no backpressure (bare): what waits for the COPY is measured as `heldBytes`
        },
      });
      const copy = client.query(copyFrom(`COPY public.${TABLE} (${COLUMNS}) FROM STDIN`));
      const copied = pipeline(lines, copy);
      let header = true;
      let written = 0;
      let rejected = 0;
      let chunk: string[] = [];
      let heldBytes = 0;
      const push = (text: string) => {
        lines.push(text);
        heldBytes = Math.max(heldBytes, lines.readableLength + copy.writableLength);
      };
      await new Promise<void>((resolve, reject) => {
        Papa.parse<string[]>(createReadStream(file.path), {
          step: ({ data }) => {
            if (header) {
              header = false;
              return;
            }
            const line = copyLine(data, ID_BASE + written + 1, now);
            if (line === null) return void rejected++;
            written++;
            chunk.push(line);
            if (chunk.length === LINES_PER_CHUNK) {
              push(chunk.join(''));
              chunk = [];
            }
          },
          complete: () => {
            if (chunk.length) push(chunk.join(''));
            lines.push(null);
            resolve();
          },
          error: reject,
        });
      });
      await copied;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const cpu = process.cpuUsage(cpuFrom);
      const problems: string[] = [];
      if (written !== file.rows || rejected) problems.push(`${written} rows written, ${rejected} rejected, of ${file.rows}`);
      const total = Number((await client.query(`SELECT count(*) AS n FROM public.${TABLE}`)).rows[0].n);
      if (total !== file.rows) problems.push(`the table holds ${total} rows, not ${file.rows}`);
      return { file, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, heldBytes, problems };
    });
  } finally {
    await db.dropTable(TABLE);
  }
}
