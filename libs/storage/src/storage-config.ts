import type { StorageSettings } from '@intake/config';
import { join } from 'node:path';

export interface FilesystemStorageConfig {
  kind: 'filesystem';
  root: string;
}

export interface S3StorageConfig {
  kind: 's3';
  endPoint: string;
  port: number;
  useSSL: boolean;
  accessKey: string;
  secretKey: string;
  bucket: string;
  region: string;
}

export type StorageConfig = FilesystemStorageConfig | S3StorageConfig;
export type { StorageSettings };

export const DEFAULT_BUCKET = 'intake';
export const DEFAULT_REGION = 'us-east-1';

/**
 * MinIO/S3 when an endpoint is configured, else a folder under the data directory, so
 * `npm start` on one machine needs no object store (ARCHITECTURE.md §8).
 */
export function resolveStorageConfig(settings: StorageSettings): StorageConfig {
  const s3 = settings.s3;
  if (!s3?.endPoint) return { kind: 'filesystem', root: settings.dir ?? join(settings.dataDir, 'objects') };
  if (!s3.accessKey || !s3.secretKey) {
    throw new Error(`object storage at ${s3.endPoint} needs an access key and a secret key`);
  }
  const useSSL = s3.useSSL ?? false;
  return {
    kind: 's3',
    endPoint: s3.endPoint,
    port: s3.port ?? (useSSL ? 443 : 9000),
    useSSL,
    accessKey: s3.accessKey,
    secretKey: s3.secretKey,
    bucket: s3.bucket ?? DEFAULT_BUCKET,
    region: s3.region ?? DEFAULT_REGION,
  };
}
