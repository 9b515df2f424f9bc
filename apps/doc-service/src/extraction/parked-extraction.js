'use strict';
/**
 * Keeps pdf.js's optimised text-layout code alive while the reader thread waits for work.
 *
 * V8 keeps a function's optimised code only while a closure that runs it is alive, and pdf.js builds
 * its text layout (getTextContent's inner functions) as new closures for every page. A full GC that
 * ends while the thread is idle (after a large PDF, or V8's memory reducer after a quiet spell) drops
 * that code, and the next hundred documents pay to compile it again: about 2.5 ms of CPU per one-page
 * PDF (README, "Document benchmark"). So one small extraction stays paused: its text stream is never
 * read, pdf.js stops at the stream's high-water mark, and its closures (and their code) stay alive.
 * It is renewed every RENEW_EVERY documents, so that it runs the code pdf.js runs now. The thread
 * parks one from its start: the parked PDF's own object shapes must be among those pdf.js's code was
 * compiled for, or parking it deoptimises that code (V8's "wrong map") instead of keeping it.
 *
 * Purely a speed measure: if a pdf-parse release hides the pdf.js document or pdf.js stops pausing,
 * nothing breaks and documents are read as before, only slower after an idle spell.
 */
const { PDFParse } = require('pdf-parse');
const { tinyTextPdf } = require('./tiny-text-pdf');

const RENEW_EVERY = 50;
/** More text runs than pdf.js buffers in a text stream (100 items), so the extraction pauses. */
const PARKED_PDF = tinyTextPdf(Array.from({ length: 240 }, (_, i) => `parked ${i} Total 1.234,56 EUR 2024-11-30`));
const ignore = () => undefined;

class ParkedExtraction {
  constructor(loadOptions) {
    this.loadOptions = loadOptions;
    this.current = null;
    this.documents = 0;
  }

  /** After each document read: renews the parked extraction every RENEW_EVERY documents. Never throws. */
  async documentRead() {
    if (++this.documents % RENEW_EVERY === 0) await this.renew();
  }

  /** Ends the parked extraction (if any) and parks a new one. Never throws. */
  async renew() {
    let parser;
    try {
      this.stop();
      parser = new PDFParse({ ...this.loadOptions, data: PARKED_PDF.slice() });
      await parser.load(); // load() and doc are private in pdf-parse's types: used here at our own risk, see above
      const page = await parser.doc.getPage(1);
      this.current = { parser, stream: page.streamTextContent() };
    } catch {
      parser?.destroy().catch(ignore);
    }
  }

  stop() {
    const parked = this.current;
    this.current = null;
    if (!parked) return;
    // A turn later, then the document once the stream is cancelled: a stream cancelled in the turn it
    // was made, or its document destroyed at once, makes pdf-parse write to a closed stream (an
    // unhandled rejection, which would end the reader thread).
    setImmediate(() => {
      try {
        const destroy = () => parked.parser.destroy();
        parked.stream.cancel().then(destroy, destroy).catch(ignore);
      } catch {
        // only speed is at stake
      }
    });
  }
}

module.exports = { ParkedExtraction };
