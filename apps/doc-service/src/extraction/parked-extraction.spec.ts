import { SAMPLE_DOCUMENTS, sampleDocumentPdf } from '@intake/testing';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * What the parked extraction is for, watched through V8's own trace: pdf.js's text layout is
 * compiled once, then a full GC while nothing is being read either drops that code (and the next
 * documents compile it again) or, with an extraction parked, keeps it.
 */
async function compilesAfterIdleGc(files: string[], park: boolean): Promise<string[]> {
  const script = `
    const { readFileSync } = require('node:fs');
    const { PDFParse } = require(${JSON.stringify(require.resolve('pdf-parse'))});
    const { ParkedExtraction } = require(${JSON.stringify(join(__dirname, 'parked-extraction.js'))});
    const files = ${JSON.stringify(files)}.map((f) => readFileSync(f));
    const options = { isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 };
    const read = async (bytes) => { const p = new PDFParse({ ...options, data: new Uint8Array(bytes) }); await p.getText(); await p.destroy(); };
    (async () => {
      // As the reader thread uses it: parked from the start, renewed as documents are read.
      const parked = new ParkedExtraction(options);
      if (${park}) await parked.renew();
      for (let i = 0; i < 100; i++) {
        await read(files[i % files.length]);
        if (${park}) await parked.documentRead();
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
      global.gc();
      console.log('IDLE GC DONE');
      for (let i = 0; i < 30; i++) await read(files[i % files.length]);
      parked.stop();
    })();`;
  const child = spawn(process.execPath, ['--expose-gc', '--trace-opt', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise((resolve) => child.once('exit', resolve));
  expect(code).toBe(0);
  const [, after] = out.split('IDLE GC DONE');
  expect(after).toBeDefined();
  return [...after.matchAll(/completed compiling .*?<JSFunction (buildTextContentItem|compareWithLastPosition|getCurrentTextTransform) /g)].map((m) => m[1]);
}

describe('ParkedExtraction', () => {
  let dir: string;
  let files: string[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'intake-parked-'));
    const names = Object.keys(SAMPLE_DOCUMENTS) as (keyof typeof SAMPLE_DOCUMENTS)[];
    files = await Promise.all(
      names.map(async (name) => {
        const path = join(dir, `${name}.pdf`);
        writeFileSync(path, await sampleDocumentPdf(name));
        return path;
      }),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('without it, a full GC while idle makes the next documents compile the text layout again', async () => {
    expect(await compilesAfterIdleGc(files, false)).not.toEqual([]);
  });

  it('keeps the compiled text layout of pdf.js through a full GC while idle', async () => {
    expect(await compilesAfterIdleGc(files, true)).toEqual([]);
  });
});
