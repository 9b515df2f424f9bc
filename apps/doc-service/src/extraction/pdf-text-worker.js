'use strict';
/**
 * The worker thread that runs pdf-parse, so a hostile PDF can only hang or exhaust this thread, which
 * PdfWorkerHost then terminates. Plain CommonJS on purpose: the same file runs from src/ under jest
 * (which cannot hand a .ts file to a Worker) and from dist/, where `npm run build` (swc) compiles .js
 * files alongside the .ts ones.
 * Protocol (typed in pdf-worker-protocol.ts): 'ready' once warm, then one reply per job, in order.
 */
const { parentPort } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const { PDFParse } = require('pdf-parse');
const { ParkedExtraction } = require('./parked-extraction');
const { tinyTextPdf } = require('./tiny-text-pdf');

/** pdf.js options: no eval'd font code, no font loading, nothing fetched; we only want text. */
const LOAD_OPTIONS = { isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 };
const parked = new ParkedExtraction(LOAD_OPTIONS);

async function extract(data, maxPages) {
  const parser = new PDFParse({ ...LOAD_OPTIONS, data });
  try {
    const result = await parser.getText({ first: maxPages });
    return {
      pageCount: result.total,
      pagesRead: result.pages.length,
      pages: result.pages.map((page) => page.text),
    };
  } finally {
    await parser.destroy();
  }
}

/** A view, not a copy: pdf-parse copies a Buffer, and the file may be large. */
function toUint8Array(buffer) {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

let reading = Promise.resolve();
parentPort.on('message', (job) => {
  // One document at a time, in order: the host hands over the next one before this one is done.
  reading = reading.then(() => read(job)).catch(() => undefined); // read() answers every job itself
});

async function read(job) {
  let reply;
  let head;
  try {
    // Read here, at once: this thread has nothing else to do meanwhile, and the caller's thread is spared the copy.
    const data = job.bytes ?? toUint8Array(readFileSync(job.path));
    if (job.path) head = data.slice(0, job.headBytes ?? 0);
    reply = { type: 'done', id: job.id, ...(await extract(data, job.maxPages)) };
  } catch (error) {
    reply = {
      type: 'failed',
      id: job.id,
      name: error?.name ?? 'Error',
      message: String(error?.message ?? error),
      code: typeof error?.code === 'string' ? error.code : undefined,
    };
  }
  // The time on the monotonic clock all threads share, in ms, as PdfWorkerHost reads it.
  parentPort.postMessage({ ...reply, head, at: Number(process.hrtime.bigint() / 1_000_000n), rss: process.memoryUsage.rss() });
  await parked.documentRead(); // after the answer, so the caller never waits for it
}

/**
 * The first document in a thread is several times slower (module and pdf.js worker loading, cold
 * JIT), so read a tiny PDF before saying 'ready': the caller's timeout then measures the real work.
 */
extract(tinyTextPdf(['warm up']), 1)
  .catch(() => undefined) // a failed warm-up only costs speed; real jobs report their own errors
  .then(() => parked.renew())
  .finally(() => parentPort.postMessage({ type: 'ready' }));
