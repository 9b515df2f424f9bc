import { AppError, uploadFileName } from '@intake/contracts';
import { type ObjectStorage, ObjectTooLargeError } from '@intake/storage';
import busboy from 'busboy';
import type { Request } from 'express';
import { PassThrough } from 'node:stream';

export interface ReceivedFile {
  key: string;
  originalName: string;
  size: number;
  sha256: string;
}

export interface ReceivedUpload {
  fields: Record<string, string>;
  file: ReceivedFile;
}

/** A smaller limit than `maxBytes` for this one upload, and what passing it answers. */
export interface UploadRoom {
  maxBytes: number;
  refusal: AppError;
}

export interface UploadOptions {
  maxBytes: number;
  /** Object key for the uploaded file, from its (unsafe) client-side name. */
  keyFor: (originalName: string) => string;
  /**
   * Asked with the fields sent before the file, once the file begins and before any of it is read
   * or stored: a refusal answers at once (the rest of the body is discarded), so a large file is
   * not stored only to be refused. It may answer a smaller limit for this upload (the room left).
   */
  admit?: (fieldsBefore: Record<string, string>) => Promise<UploadRoom | void>;
}

const MAX_FIELDS = 20;
const DISCARD_LIMIT_BYTES = 512 * 1024 * 1024;
const MAX_FIELD_BYTES = 64 * 1024;

/**
 * Streams one multipart `file` straight into object storage (never into memory or over NATS) and
 * collects the small text fields beside it. Refuses more than one file and anything over the cap.
 */
export function receiveUpload(req: Request, storage: ObjectStorage, options: UploadOptions): Promise<ReceivedUpload> {
  if (!req.is('multipart/form-data')) {
    return Promise.reject(new AppError('UPLOAD_INVALID', 'Send the file as multipart/form-data in a field named "file"'));
  }
  return new Promise((resolve, reject) => {
    const fields: Record<string, string> = {};
    let stored: Promise<ReceivedFile> | undefined;
    let inFlight: PassThrough | undefined;
    let failure: AppError | undefined;
    const fail = (error: AppError) => (failure ??= error);
    // Browsers send a file's name as raw UTF-8 (FormData never uses filename*); busboy would read it as Latin-1.
    let parser: ReturnType<typeof busboy>;
    try {
      parser = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { files: 1, fields: MAX_FIELDS, fieldSize: MAX_FIELD_BYTES } });
    } catch (error) {
      // A content type without a boundary, say: refused before a byte is read.
      return reject(new AppError('UPLOAD_INVALID', `Malformed multipart request: ${(error as Error).message}`));
    }
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) fail(new AppError('UPLOAD_INVALID', `Field "${name}" is longer than ${MAX_FIELD_BYTES} bytes`));
      fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      if (name !== 'file') {
        stream.resume();
        return fail(new AppError('UPLOAD_INVALID', `Unexpected file field "${name}"; send the file as "file"`));
      }
      const body = new PassThrough();
      // Broken before storage starts reading it, the body still fails the put, which sees the error then.
      body.on('error', () => undefined);
      // A body that breaks mid-file (cut off, a missing closing boundary) ends the file's store with the error, which removes what was written.
      stream.on('error', (error: Error) => body.destroy(new AppError('UPLOAD_INVALID', `Malformed multipart body: ${error.message}`)));
      inFlight = body;
      stream.pipe(body);
      const originalName = uploadFileName(info.filename, 'upload');
      const key = options.keyFor(originalName);
      const admitted = options.admit ? options.admit({ ...fields }) : Promise.resolve();
      let room: UploadRoom | undefined;
      const put = async () => {
        const given = await admitted;
        room = given && given.maxBytes < options.maxBytes ? given : undefined;
        return storage.put(key, body, { maxBytes: room?.maxBytes ?? options.maxBytes });
      };
      stored = put().then(
        (object) => ({ key, originalName, size: object.size, sha256: object.sha256 }),
        (error: unknown) => {
          const tooLarge = room?.refusal ?? new AppError('FILE_TOO_LARGE', `The file is larger than the ${formatBytes(options.maxBytes)} upload limit`);
          const failure = error instanceof ObjectTooLargeError ? tooLarge : error;
          // Answer now, then discard the rest so the client can read the answer; a client that keeps
          // sending far past the cap is cut off.
          req.unpipe(parser);
          discardRest(req, DISCARD_LIMIT_BYTES);
          reject(failure);
          throw failure;
        },
      );
      stored.catch(() => undefined); // handled above and on 'close'; never an unhandled rejection
    });
    parser.on('filesLimit', () => fail(new AppError('UPLOAD_INVALID', 'Send one file per upload')));
    parser.on('fieldsLimit', () => fail(new AppError('UPLOAD_INVALID', `At most ${MAX_FIELDS} form fields`)));
    parser.on('error', (error: Error) => reject(new AppError('UPLOAD_INVALID', `Malformed multipart body: ${error.message}`)));
    parser.on('close', () => {
      if (!stored) return reject(failure ?? new AppError('UPLOAD_INVALID', 'The form has no "file" field'));
      stored.then(
        async (file) => {
          if (!failure) return resolve({ fields, file });
          await storage.delete(file.key);
          reject(failure);
        },
        reject,
      );
    });
    // A client that goes away mid-body leaves busboy waiting for ever, and the file's store open: end both.
    const cutOff = () => {
      const error = new AppError('UPLOAD_INVALID', 'The upload was cut off before its end');
      inFlight?.destroy(error);
      reject(error);
    };
    if (req.destroyed && !req.complete) return cutOff();
    req.on('close', () => {
      if (!req.complete) cutOff();
    });
    req.pipe(parser);
  });
}

export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit]}`;
}

function discardRest(req: Request, limit: number): void {
  let discarded = 0;
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > limit) req.socket.destroy();
  });
  req.resume();
}
