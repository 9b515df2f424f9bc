/**
 * Memory and speed check for @intake/tabular (not a test: figures depend on the machine).
 *
 *   npm run build && node dist/libs/tabular/bench/read-bench.js [csvRows=1000000] [xlsxRows=100000]
 *
 * Writes a CSV (10 columns) and an XLSX with a shared-strings table (as Excel writes them) to a
 * temp folder, then reads each in a child process through openTable + one ColumnProfiler per
 * column, printing rows/s and the child's peak RSS. A child per file keeps the generator's memory
 * out of the reader's peak. The XLSX read runs a second time with a capped old space: V8 lets
 * garbage pile up to several times the live heap before a full collection, so the first peak
 * overstates what the reader needs.
 */
import ExcelJS from 'exceljs';
import { fork } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ColumnProfiler, openTable } from '../src/index';

const CITIES = ['São Paulo', 'Rio de Janeiro', 'Belo Horizonte', 'Porto Alegre', 'Curitiba', 'Recife'];

function line(text: string): void {
  process.stdout.write(`${text}\n`);
}

/** Row i of the synthetic data set: a mix of every inferred type. */
function record(i: number): (string | number | Date)[] {
  const day = new Date(Date.UTC(2020, 0, 1) + (i % 1500) * 86_400_000);
  return [
    i + 1,
    `Cliente ${i % 9973} da Silva`,
    `user${i}@example.com`,
    CITIES[i % CITIES.length],
    Math.round(i * 137.31) / 100,
    day,
    i % 3 === 0 ? 'sim' : 'não',
    String(i % 100000).padStart(8, '0'),
    i % 50 === 0 ? 'nota com "aspas", vírgula\ne quebra de linha' : 'ok',
    i % 7,
  ];
}

const pad = (n: number): string => String(n).padStart(2, '0');

async function writeCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  const quote = (text: string): string => (/[;"\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  out.write('id;nome;email;cidade;valor;data;ativo;codigo;nota;grupo\n');
  for (let i = 0; i < rows; i++) {
    const values = record(i).map((value) =>
      value instanceof Date
        ? `${pad(value.getUTCDate())}/${pad(value.getUTCMonth() + 1)}/${value.getUTCFullYear()}`
        : typeof value === 'number'
          ? String(value).replace('.', ',')
          : quote(value),
    );
    if (!out.write(`${values.join(';')}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

async function writeXlsx(path: string, rows: number): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true, useStyles: true });
  const sheet = workbook.addWorksheet('Clientes');
  sheet.addRow(['id', 'nome', 'email', 'cidade', 'valor', 'data', 'ativo', 'codigo', 'nota', 'grupo']).commit();
  for (let i = 0; i < rows; i++) {
    const row = sheet.addRow(record(i));
    row.getCell(6).numFmt = 'dd/mm/yyyy';
    row.commit();
  }
  sheet.commit();
  await workbook.commit();
}

/** Child process: read one file, profile every column, report. */
async function readFile(path: string): Promise<void> {
  const baseline = process.memoryUsage().rss;
  const started = process.hrtime.bigint();
  const source = await openTable(() => createReadStream(path, { highWaterMark: 64 * 1024 }));
  const table = await source.read();
  const profilers = table.columns.map(() => new ColumnProfiler());
  let rows = 0;
  let peakHeap = 0;
  for await (const row of table.rows) {
    for (let i = 0; i < row.values.length; i++) profilers[i].add(row.values[i]);
    if (++rows % 50_000 === 0) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const types = profilers.map((profiler, i) => `${table.headers[i]}:${profiler.result().type}`).join(' ');
  const mb = (bytes: number): string => `${Math.round(bytes / 1024 / 1024)} MB`;
  line(`  ${source.format}: ${rows.toLocaleString('en')} rows in ${seconds.toFixed(1)} s = ${Math.round(rows / seconds).toLocaleString('en')} rows/s`);
  line(`  peak RSS ${mb(process.resourceUsage().maxRSS * 1024)} (RSS before reading ${mb(baseline)}, peak heap sampled ${mb(peakHeap)})`);
  line(`  inferred ${types}`);
}

function inChild(path: string, execArgv: string[] = []): Promise<void> {
  if (execArgv.length) line(`  again with node ${execArgv.join(' ')}:`);
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--read', path], { stdio: 'inherit', execArgv });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`reader exited with ${code}`))));
  });
}

async function main(): Promise<void> {
  if (process.argv[2] === '--read') return readFile(process.argv[3]);
  const csvRows = Number(process.argv[2] ?? 1_000_000);
  const xlsxRows = Number(process.argv[3] ?? 100_000);
  const dir = mkdtempSync(join(tmpdir(), 'tabular-bench-'));
  try {
    const csv = join(dir, 'clientes.csv');
    const xlsx = join(dir, 'clientes.xlsx');
    line(`node ${process.version}; files in ${dir}`);
    await writeCsv(csv, csvRows);
    line(`CSV  ${csvRows.toLocaleString('en')} rows × 10 columns, ${Math.round(statSync(csv).size / 1024 / 1024)} MB (Windows-style ; and decimal commas)`);
    await inChild(csv);
    await writeXlsx(xlsx, xlsxRows);
    line(`XLSX ${xlsxRows.toLocaleString('en')} rows × 10 columns, ${Math.round(statSync(xlsx).size / 1024 / 1024)} MB (shared strings)`);
    await inChild(xlsx);
    // The peak above is mostly garbage V8 has not collected yet; a capped heap shows what is live.
    await inChild(xlsx, ['--max-old-space-size=160']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
