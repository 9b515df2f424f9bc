import { AppError, type ErrorCode, uploadFileName } from '@intake/contracts';
import { type ObjectStorage, ObjectTooLargeError } from '@intake/storage';
import busboy from 'busboy';
import type { Request } from 'express';
import { randomUUID } from 'node:crypto';
import type { Writable } from 'node:stream';
import { ExtractionError } from '../extraction/extraction-error';
import { PdfSniffer } from './pdf-sniffer';

export interface StoredPdf {
  documentId: string;
  key: string;
  fileName: string;
  size: number;
  sha256: string;
}

export interface RejectedFile {
  file_name: string;
  code: ErrorCode;
  message: string;
}

export interface PdfUploadOptions {
  maxBytes: number;
  maxFiles: number;
  keyFor: (documentId: string) => string;
}

/** Room in a body for the multipart framing and the small fields around its files. */
const FRAMING_BYTES = 1024 * 1024;

/**
 * The most a whole body may hold: every file it may carry at the largest size, and its framing. A
 * file over the cap is read to its end to reach the next one, so without this one body could
 * stream for as long as the request timeout lets it.
 */
export function maxBodyBytes(options: Pick<PdfUploadOptions, 'maxBytes' | 'maxFiles'>): number {
  return options.maxFiles * options.maxBytes + FRAMING_BYTES;
}

const FILE_FIELDS = new Set(['file', 'files', 'files[]']);
/** Files past the per-upload limit are answered one by one up to this many more; then the body is refused. */
const MAX_EXTRA_FILES = 100;

/**
 * Streams every file of a multipart body into object storage, one after another, and sorts them
 * into stored PDFs and rejected files (not a PDF by its bytes, empty, over the cap, one too many),
 * each rejection with its reason. Nothing rejected is kept; when the body itself is broken or cut
 * off, nothing of it is kept.
 */
export function receivePdfs(req: Request, storage: ObjectStorage, options: PdfUploadOptions): Promise<{ stored: StoredPdf[]; rejected: RejectedFile[] }> {
  if (!req.is('multipart/form-data')) {
    return Promise.reject(new AppError('UPLOAD_INVALID', 'Send the PDFs as multipart/form-data in fields named "files" (or "file")'));
  }
  const limit = maxBodyBytes(options);
  const tooLarge = () =>
    new AppError('FILE_TOO_LARGE', `An upload may hold at most ${megabytes(limit)} MB (${options.maxFiles} files of the ${megabytes(options.maxBytes)} MB limit); send fewer or smaller files`);
  // Said before reading anything, when the client told the size.
  if (Number(req.headers['content-length'] ?? 0) > limit) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const pending: Promise<StoredPdf | RejectedFile>[] = [];
    const inFlight = new Set<Writable>();
    let failure: Error | null = null;
    let seen = 0;
    const fail = (error: Error) => {
      if (failure) return;
      failure = error;
      req.unpipe();
      // The rest of the body is read and dropped (for at most the request timeout), as Node does for
      // a body nobody read: a client or proxy still sending gets the answer, on a connection that lasts.
      req.resume();
      for (const body of inFlight) body.destroy(error);
      // Whatever was stored before the body broke goes too.
      void Promise.allSettled(pending).then(async (outcomes) => {
        for (const o of outcomes) if (o.status === 'fulfilled' && 'documentId' in o.value) await storage.delete(o.value.key).catch(() => undefined);
        reject(error);
      });
    };
    let parser: busboy.Busboy;
    try {
      // Browsers send a file's name as raw UTF-8 (FormData never uses filename*); busboy would read it as Latin-1.
      parser = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { fields: 10, fieldSize: 1024, files: options.maxFiles + MAX_EXTRA_FILES } });
    } catch (error) {
      return reject(new AppError('UPLOAD_INVALID', `Malformed multipart request: ${(error as Error).message}`));
    }
    parser.on('file', (field, stream, info) => {
      // The chunk that failed the upload may still reach the parser and start a file: nothing of it is stored.
      if (failure) return void stream.resume();
      const fileName = uploadFileName(info.filename, 'document.pdf');
      seen++;
      stream.on('error', (error: Error) => fail(new AppError('UPLOAD_INVALID', `Malformed multipart body: ${error.message}`)));
      if (!FILE_FIELDS.has(field)) return drain(stream, pending, { file_name: fileName, code: 'UPLOAD_INVALID', message: `Unexpected file field "${field}"; send files as "files"` });
      if (seen > options.maxFiles) return drain(stream, pending, { file_name: fileName, code: 'UPLOAD_INVALID', message: `At most ${options.maxFiles} files per upload; send the rest in another` });
      const stored = store(stream, fileName, storage, options, inFlight);
      // A storage failure (disk full, bucket down) ends the whole upload now, not at the body's end.
      stored.catch(fail);
      pending.push(stored);
    });
    // busboy reads a part without a file name as a text field: in "files", that is a file whose name is missing.
    parser.on('field', (field) => {
      if (FILE_FIELDS.has(field)) {
        pending.push(Promise.resolve({ file_name: '(no file name)', code: 'UPLOAD_INVALID', message: `A part of "${field}" has no file name; send each PDF as a file, with its name` }));
      }
    });
    parser.on('filesLimit', () => fail(new AppError('UPLOAD_INVALID', `Far more than ${options.maxFiles} files in one upload; send at most ${options.maxFiles}`)));
    parser.on('error', (error: Error) => fail(new AppError('UPLOAD_INVALID', `Malformed multipart body: ${error.message}`)));
    parser.on('close', () => {
      if (failure) return;
      Promise.all(pending).then((outcomes) => {
        const stored = outcomes.filter((o): o is StoredPdf => 'documentId' in o);
        const rejected = outcomes.filter((o): o is RejectedFile => 'code' in o);
        if (!stored.length && !rejected.length) return reject(new AppError('UPLOAD_INVALID', 'The form has no files; send the PDFs in fields named "files"'));
        resolve({ stored, rejected });
      }, fail);
    });
    // A client that goes away mid-body leaves busboy waiting forever: end it here (also when it left
    // before this handler ran, while its token and app were being checked).
    const cutOff = () => fail(new AppError('UPLOAD_INVALID', 'The upload was cut off before its end'));
    if (req.destroyed && !req.complete) return cutOff();
    req.on('close', () => {
      if (!req.complete) cutOff();
    });
    let received = 0;
    const count = (chunk: Buffer) => {
      received += chunk.length;
      if (received <= limit) return;
      req.off('data', count);
      fail(tooLarge());
    };
    req.on('data', count);
    req.pipe(parser);
  });
}

function drain(stream: NodeJS.ReadableStream, pending: Promise<StoredPdf | RejectedFile>[], rejection: RejectedFile): void {
  stream.resume();
  pending.push(Promise.resolve(rejection));
}

async function store(stream: NodeJS.ReadableStream, fileName: string, storage: ObjectStorage, options: PdfUploadOptions, inFlight: Set<Writable>): Promise<StoredPdf | RejectedFile> {
  const documentId = randomUUID();
  const key = options.keyFor(documentId);
  // Checked while it streams: a file that is not a PDF is refused before anything is stored.
  const body = new PdfSniffer();
  // A short file can fail the check before storage starts reading; put() still sees the error.
  body.on('error', () => undefined);
  inFlight.add(body);
  stream.pipe(body);
  let object;
  try {
    object = await storage.put(key, body, { maxBytes: options.maxBytes, contentType: 'application/pdf' });
  } catch (error) {
    // Read the rest of this file so the next one in the body can be reached.
    stream.unpipe(body);
    stream.resume();
    if (error instanceof ExtractionError) {
      const message = error.kind === 'empty' ? `${fileName} is empty` : error.message.replace(/^The file/, fileName);
      return { file_name: fileName, code: 'UPLOAD_INVALID', message };
    }
    if (error instanceof ObjectTooLargeError) {
      return { file_name: fileName, code: 'FILE_TOO_LARGE', message: `${fileName} is larger than the ${megabytes(options.maxBytes)} MB limit` };
    }
    throw error;
  } finally {
    inFlight.delete(body);
  }
  return { documentId, key, fileName, size: object.size, sha256: object.sha256 };
}

/** The cap as the admin set it: 50 for 50 MB, 0.01 for 0.01 MB (rounding to whole MB said "0 MB"). */
function megabytes(bytes: number): number {
  const mb = bytes / 1024 / 1024;
  return Number(mb.toFixed(mb >= 1 ? 1 : 3));
}
