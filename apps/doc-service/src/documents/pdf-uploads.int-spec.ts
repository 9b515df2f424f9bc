import { AppError } from '@intake/contracts';
import { FilesystemStorage } from '@intake/storage';
import { pdfPartHead } from '@intake/testing';
import type { Request } from 'express';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { maxBodyBytes, receivePdfs } from './pdf-uploads';

const BOUNDARY = 'pdf-uploads-boundary';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const part = (name: string, body: Buffer) =>
  Buffer.concat([Buffer.from(pdfPartHead(BOUNDARY, name)), body, Buffer.from('\r\n')]);
const pdf = (size: number) => Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(size, 0x41)]);

describe('receivePdfs over a real HTTP request into a storage folder', () => {
  let root: string;
  let server: Server;
  let outcome: Promise<string>;
  const options = { maxBytes: 600_000, maxFiles: 2, keyFor: (id: string) => `documents/${id}.pdf` };

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'intake-uploads-'));
    const storage = new FilesystemStorage(root);
    await storage.init();
    server = createServer((req, res) => {
      Object.assign(req, { is: (type: string) => (req.headers['content-type'] ?? '').startsWith(type) });
      outcome = receivePdfs(req as Request, storage, options).then(
        ({ stored }) => `stored ${stored.length}`,
        (error: unknown) => (error instanceof AppError ? error.code : String(error)),
      );
      void outcome.then((text) => res.end(text));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => {
    server?.close();
    rmSync(root, { recursive: true, force: true });
  });

  const files = () => readdirSync(root, { recursive: true }).map(String).filter((name) => name.includes('.'));

  it('refuses a body past the cap, and keeps no file: not even one that starts in the chunk crossing it', async () => {
    const limit = maxBodyBytes(options);
    const req = request({ port: (server.address() as AddressInfo).port, method: 'POST', headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, 'transfer-encoding': 'chunked' } });
    req.on('error', () => undefined);
    const first = part('a.pdf', pdf(590_000));
    req.write(first);
    await sleep(50);
    // A field up to just under the cap, then one chunk that crosses it and holds the start of a new file.
    req.write(Buffer.concat([Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="note"\r\n\r\n`), Buffer.alloc(limit - first.length - 200, 0x42)]));
    await sleep(50);
    req.write(Buffer.concat([Buffer.from('\r\n'), part('b.pdf', pdf(2_000))]));
    await sleep(100);
    expect(await outcome).toBe('FILE_TOO_LARGE');
    req.destroy();
    await sleep(200);
    expect(files()).toEqual([]);
  });
});
