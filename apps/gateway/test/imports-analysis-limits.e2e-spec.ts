import { waitFor } from '@intake/testing';
import { connect, type JetStreamManager, type NatsConnection } from 'nats';
import { randomBytes } from 'node:crypto';
import { get } from 'node:http';
import { Readable } from 'node:stream';
import yazl from 'yazl';
import { ImportSuite } from './import-suite';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** A one-sheet workbook ('Data') whose sheet XML is `rows`, streamed into the zip as it is made. */
async function workbook(rows: Iterable<string>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from(`<?xml version="1.0"?><workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>`), 'xl/workbook.xml');
  zip.addBuffer(
    Buffer.from(`<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`),
    'xl/_rels/workbook.xml.rels',
  );
  function* sheet(): Generator<string> {
    yield `<?xml version="1.0"?><worksheet xmlns="${MAIN}"><sheetData>`;
    yield* rows;
    yield '</sheetData></worksheet>';
  }
  zip.addReadStream(Readable.from(sheet()), 'xl/worksheets/sheet1.xml');
  zip.end();
  const parts: Buffer[] = [];
  for await (const part of zip.outputStream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

const HEADER = '<row r="1"><c r="A1" t="inlineStr"><is><t>sequence</t></is></c></row>';

/** Row 2 holds one cell of `length` random A, C, G and T, as the audit's 300-million-character file did. */
async function oneHugeCell(length: number): Promise<Buffer> {
  const letters = randomBytes(length);
  for (let i = 0; i < length; i++) letters[i] = 'ACGT'.charCodeAt(letters[i] & 3);
  return workbook([HEADER, `<row r="2"><c r="A2" t="inlineStr"><is><t>${letters.toString('latin1')}</t></is></c></row>`]);
}

/** Rows of 200 small numbers: some 2 MB of file per 5,000 rows, which take seconds to analyse. */
function* wideRows(count: number): Generator<string> {
  const letters = Array.from({ length: 200 }, (_, i) => (i < 26 ? '' : String.fromCharCode(64 + Math.floor(i / 26))) + String.fromCharCode(65 + (i % 26)));
  yield `<row r="1">${letters.map((l) => `<c r="${l}1" t="inlineStr"><is><t>c${l}</t></is></c>`).join('')}</row>`;
  for (let r = 2; r <= count + 1; r++) yield `<row r="${r}">${letters.map((l) => `<c r="${l}${r}"><v>1</v></c>`).join('')}</row>`;
}

describe('imports: an analysis is bounded by its file, a cancel and a time limit', () => {
  let s: ImportSuite;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  /** About 40 s of analysis here: far past the time limit, so without a stop it would hold a slot that long. */
  let slow: Buffer;

  beforeAll(async () => {
    // Looks at the job five times a second: the progress test then sees the count move however fast the machine reads.
    s = await ImportSuite.start({ IMPORT_ANALYSIS_TIMEOUT_SECONDS: '20', IMPORT_ANALYSIS_POLL_MS: '200' });
    nc = await connect(s.suite.nats.options);
    jsm = await nc.jetstreamManager();
    slow = await workbook(wideRows(50_000));
  });
  afterAll(async () => {
    await nc?.close();
    await s?.stop();
  });

  /** Analyses waiting for a worker, and in a worker's hands, in both lanes (an owner's second file goes behind their first). */
  const analyses = async () => {
    const lanes = await Promise.all(['import-analysers', 'import-analysers-bulk'].map((durable) => jsm.consumers.info('IMPORT_JOBS', durable)));
    return { waiting: lanes.reduce((n, info) => n + info.num_pending, 0), inHand: lanes.reduce((n, info) => n + info.num_ack_pending, 0) };
  };

  it('fails an XLSX whose one cell holds millions of characters at once, naming the cell', async () => {
    const job = (await s.upload('sequences.xlsx', await oneHugeCell(8_000_000)).expect(201)).body;
    const done = await s.until(job.id, ['ready', 'failed']);
    expect(done.status).toBe('failed');
    expect(done.error).toBe("sheet 'Data', row 2, column A: the row is longer than 4,194,304 characters, the limit for one row (a cell holds at most 32,767)");
  });

  it("stops analyses that are cancelled, so both slots serve another user's file at once", async () => {
    const first = (await s.upload('wide-1.xlsx', slow).expect(201)).body;
    const second = (await s.upload('wide-2.xlsx', slow).expect(201)).body;
    await waitFor(async () => (await analyses()).inHand === 2, 10_000);
    for (const job of [first, second]) {
      const cancelled = await s.api().post(`/api/imports/${job.id}/cancel`).set(s.admin.auth).expect(201);
      expect(cancelled.body.status).toBe('cancelled');
    }
    // Each worker notices within a second or so and lets its message go; without that both would read on.
    await waitFor(async () => (await analyses()).inHand === 0, 4_000);

    const other = await s.importer('power');
    const small = (await s.upload('customers.csv', 'Name,E-mail\nAna,ana@example.test\n', other).expect(201)).body;
    expect(await s.until(small.id, ['ready', 'failed'], other, 5_000)).toMatchObject({ status: 'ready', error: null });
    for (const job of [first, second]) expect(await s.job(job.id)).toMatchObject({ status: 'cancelled', error: null });
  });

  it('tells those following the job how many rows the analysis has read, at the pace set (about once a second by default)', async () => {
    // Two thousand wide rows take about 5 s to read here, and twice that beside CI's other suites: well within the suite's 20 s limit.
    const job = (await s.upload('wide-2000.xlsx', await workbook(wideRows(2_000))).expect(201)).body;
    // The stream ends once the job settles: everything it said, in order.
    const said = await new Promise<string>((resolve, reject) => {
      get(`${s.suite.url}/api/imports/${job.id}/events`, { headers: s.admin.auth }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve(body));
      }).on('error', reject);
    });
    const events = [...said.matchAll(/^data: (.+)$/gm)].map((m) => JSON.parse(m[1]) as { status: string; progress: { rows_processed: number; rows_total: number | null } });
    const reading = events.filter((e) => e.status === 'analysing' && e.progress.rows_processed > 0).map((e) => e.progress.rows_processed);
    expect(reading.length).toBeGreaterThan(0);
    // Never back, never past the file (a look between two steps says the same count again).
    expect(reading.every((n, i) => n <= 2_000 && (i === 0 || n >= reading[i - 1]))).toBe(true);
    expect(events.at(-1)).toMatchObject({ status: 'ready', progress: { rows_processed: 0, rows_total: 2_000 } });
  });

  it('fails an analysis that runs past IMPORT_ANALYSIS_TIMEOUT_SECONDS, saying so', async () => {
    // Twice the slow file: a quiet machine read that one in under the 20 s once, and the test saw no stop.
    const slower = await workbook(wideRows(100_000));
    const job = (await s.upload('wide.xlsx', slower).expect(201)).body;
    const done = await s.until(job.id, ['ready', 'failed'], s.admin, 40_000);
    expect(done).toMatchObject({ status: 'failed', error: expect.stringMatching(/^The analysis was stopped after 20 seconds, the longest one may take/) });
    await waitFor(async () => (await analyses()).inHand === 0, 2_000);
  }, 120_000);
});
