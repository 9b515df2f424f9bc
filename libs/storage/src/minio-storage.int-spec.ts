// Test files may use the shared test harness; the data-access → testing boundary guards production code.
import { startS3Server, type TestS3Server } from '@intake/testing';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'minio';
import { createObjectStorage } from './create-object-storage';
import { MinioStorage } from './minio-storage';
import { chunked, describeObjectStorageContract, readAll } from './object-storage.contract';
import type { S3StorageConfig } from './storage-config';
import { ObjectTooLargeError } from './storage-errors';

describe('MinioStorage against s3rver', () => {
  let s3: TestS3Server;
  let spoolDir: string;
  const config = (bucket: string): S3StorageConfig => ({
    kind: 's3',
    endPoint: s3.endPoint,
    port: s3.port,
    useSSL: false,
    accessKey: s3.accessKey,
    secretKey: s3.secretKey,
    bucket,
    region: 'us-east-1',
  });

  // A second client, to look at the bucket without going through the adapter under test.
  let client: Client;

  beforeAll(async () => {
    s3 = await startS3Server();
    client = new Client({ endPoint: s3.endPoint, port: s3.port, useSSL: false, accessKey: s3.accessKey, secretKey: s3.secretKey });
    spoolDir = mkdtempSync(join(tmpdir(), 'intake-spool-test-'));
  });
  afterAll(async () => {
    await s3?.stop();
    rmSync(spoolDir, { recursive: true, force: true });
  });

  describeObjectStorageContract('MinioStorage', () => createObjectStorage(config('contract'), { spoolDir }));

  it('creates its bucket on init, and init can run again', async () => {
    const storage = await createObjectStorage(config('fresh-bucket'));
    expect(storage).toBeInstanceOf(MinioStorage);
    expect(await client.bucketExists('fresh-bucket')).toBe(true);
    await expect(storage.init()).resolves.toBeUndefined();
  });

  it('spools a body of unknown size to a temp file and removes it, on success and on failure', async () => {
    const storage = new MinioStorage(config('contract'), { spoolDir });
    await storage.init();
    const ok = await storage.put('spool/ok.bin', chunked(Buffer.alloc(100_000, 7)));
    expect(ok.size).toBe(100_000);
    const tooBig = storage.put('spool/big.bin', chunked(Buffer.alloc(100_000, 7), 1_000), { maxBytes: 10_000 });
    await expect(tooBig).rejects.toBeInstanceOf(ObjectTooLargeError);
    expect(readdirSync(spoolDir)).toEqual([]);
    await storage.deletePrefix('spool/');
  });

  it('keeps the content type it was given', async () => {
    const storage = await createObjectStorage(config('contract'));
    await storage.put('typed/report.pdf', Buffer.from('%PDF-1.7'), { contentType: 'application/pdf' });
    const stat = await client.statObject('contract', 'typed/report.pdf');
    expect(stat.metaData['content-type']).toBe('application/pdf');
    expect((await readAll(await storage.get('typed/report.pdf'))).toString()).toBe('%PDF-1.7');
    await storage.delete('typed/report.pdf');
  });
});

/** The same contract against a real S3 or MinIO, when one is reachable (never in CI here). */
const realEndpoint = process.env.TEST_S3_ENDPOINT;
(realEndpoint ? describe : describe.skip)(realEndpoint ? `real S3 at ${realEndpoint}` : 'real S3 (set TEST_S3_ENDPOINT to run)', () => {
  describeObjectStorageContract('MinioStorage', () => {
    // A bare host means plain HTTP on MinIO's port; a URL says scheme and port itself.
    const url = new URL(realEndpoint?.includes('://') ? realEndpoint : `http://${realEndpoint}`);
    const useSSL = url.protocol === 'https:';
    return createObjectStorage({
      kind: 's3',
      endPoint: url.hostname,
      port: url.port ? Number(url.port) : useSSL ? 443 : 9000,
      useSSL,
      accessKey: process.env.TEST_S3_ACCESS_KEY ?? 'minioadmin',
      secretKey: process.env.TEST_S3_SECRET_KEY ?? 'minioadmin',
      bucket: process.env.TEST_S3_BUCKET ?? 'intake-test',
      region: process.env.TEST_S3_REGION ?? 'us-east-1',
    });
  });
});
