import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline as pipelineCallback, type Readable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { Client, type ItemBucketMetadata } from 'minio';
import { assertObjectKey, assertObjectPrefix } from './object-key';
import type { ObjectStat, ObjectStorage, PutObjectOptions, StoredObject } from './object-storage';
import { assertWithinLimit, MeteredStream, sha256Hex } from './metered-stream';
import { ObjectNotFoundError } from './storage-errors';
import type { S3StorageConfig } from './storage-config';

/** minio's own default; s3rver cannot take bodies above it (no multipart listing, see FACTS.md). */
export const DEFAULT_PART_SIZE = 64 * 1024 * 1024;
/** The most keys one S3 DeleteObjects request accepts. */
const DELETE_BATCH = 1000;

export interface MinioStorageOptions {
  partSize?: number;
  /** Where bodies of unknown length wait while their size is learned; the OS temp folder by default. */
  spoolDir?: string;
}

const isNotFound = (error: unknown) => ['NoSuchKey', 'NotFound'].includes((error as { code?: string })?.code ?? '');

/** Objects in one S3 bucket (MinIO, AWS, or s3rver in tests) through the `minio` client. */
export class MinioStorage implements ObjectStorage {
  private readonly client: Client;
  private readonly bucket: string;
  private readonly region: string;
  private readonly spoolDir: string;

  constructor(config: S3StorageConfig, options: MinioStorageOptions = {}) {
    this.bucket = config.bucket;
    this.region = config.region;
    this.spoolDir = options.spoolDir ?? tmpdir();
    this.client = new Client({
      endPoint: config.endPoint,
      port: config.port,
      useSSL: config.useSSL,
      accessKey: config.accessKey,
      secretKey: config.secretKey,
      // Given up front, the client skips a GetBucketLocation round trip before every first request.
      region: config.region,
      partSize: options.partSize ?? DEFAULT_PART_SIZE,
    });
  }

  async init(): Promise<void> {
    if (await this.client.bucketExists(this.bucket)) return;
    try {
      await this.client.makeBucket(this.bucket, this.region);
    } catch (error) {
      // Another replica may have created it between the check and here.
      const code = (error as { code?: string }).code;
      if (code !== 'BucketAlreadyOwnedByYou' && code !== 'BucketAlreadyExists') throw error;
    }
  }

  async put(key: string, body: Readable | Buffer, options: PutObjectOptions = {}): Promise<StoredObject> {
    assertObjectKey(key);
    const metadata: ItemBucketMetadata = options.contentType ? { 'Content-Type': options.contentType } : {};
    if (Buffer.isBuffer(body)) {
      assertWithinLimit(body.length, options.maxBytes);
      await this.client.putObject(this.bucket, key, body, body.length, metadata);
      return { key, size: body.length, sha256: sha256Hex(body) };
    }
    assertWithinLimit(options.size, options.maxBytes);
    if (options.size !== undefined) return this.upload(key, body, options.size, metadata, options.maxBytes);
    return this.spoolThenUpload(key, body, metadata, options.maxBytes);
  }

  async get(key: string): Promise<Readable> {
    assertObjectKey(key);
    try {
      return await this.client.getObject(this.bucket, key);
    } catch (error) {
      if (isNotFound(error)) throw new ObjectNotFoundError(key);
      throw error;
    }
  }

  async stat(key: string): Promise<ObjectStat | null> {
    assertObjectKey(key);
    try {
      const info = await this.client.statObject(this.bucket, key);
      return { size: info.size, lastModified: info.lastModified };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async exists(key: string): Promise<boolean> {
    return (await this.stat(key)) !== null;
  }

  async delete(key: string): Promise<void> {
    assertObjectKey(key);
    // S3 answers 204 for a missing key too, so this is idempotent without a check.
    await this.client.removeObject(this.bucket, key);
  }

  async deletePrefix(prefix: string): Promise<void> {
    assertObjectPrefix(prefix);
    let batch: string[] = [];
    for await (const item of this.client.listObjectsV2(this.bucket, prefix, true)) {
      if (item.name) batch.push(item.name);
      if (batch.length === DELETE_BATCH) {
        await this.removeBatch(batch);
        batch = [];
      }
    }
    if (batch.length > 0) await this.removeBatch(batch);
  }

  private async removeBatch(keys: string[]): Promise<void> {
    const results = await this.client.removeObjects(this.bucket, keys);
    const failed = results.filter((r) => r?.Error);
    if (failed.length > 0) {
      const first = failed[0]?.Error;
      throw new Error(`could not delete ${failed.length} object(s), first ${first?.Key}: ${first?.Code} ${first?.Message}`);
    }
  }

  /** A stream of known length goes straight to S3, counted and hashed on the way. */
  private async upload(key: string, source: Readable, size: number, metadata: ItemBucketMetadata, maxBytes?: number) {
    const meter = new MeteredStream({ maxBytes, expectedSize: size });
    // The callback form returns `meter`; an error on either side destroys both.
    pipelineCallback(source, meter, () => undefined);
    try {
      // minio's multipart path does not listen for errors on the body, so watch the meter ourselves
      // rather than wait forever for a stream that failed (too large, or shorter than declared).
      await Promise.all([this.client.putObject(this.bucket, key, meter, size, metadata), finished(meter)]);
    } catch (error) {
      meter.destroy();
      throw error;
    }
    return { key, ...meter.result() };
  }

  /**
   * S3 needs the length before the first byte (and s3rver cannot do the multipart upload minio falls
   * back to without one), so a body of unknown length is spooled to a temp file first: memory stays
   * flat, the size cap is enforced before anything reaches the bucket, and the upload then has a size.
   */
  private async spoolThenUpload(key: string, source: Readable, metadata: ItemBucketMetadata, maxBytes?: number) {
    const spool = join(this.spoolDir, `intake-spool-${randomBytes(8).toString('hex')}`);
    const out = createWriteStream(spool, { flags: 'wx', mode: 0o600 });
    try {
      const meter = new MeteredStream({ maxBytes });
      await pipeline(source, meter, out);
      const { size, sha256 } = meter.result();
      await this.client.putObject(this.bucket, key, createReadStream(spool), size, metadata);
      return { key, size, sha256 };
    } finally {
      // The spool opens asynchronously: wait for it to close, or a body failing at once leaves it behind.
      if (!out.closed) await once(out, 'close').catch(() => undefined);
      await rm(spool, { force: true });
    }
  }
}
