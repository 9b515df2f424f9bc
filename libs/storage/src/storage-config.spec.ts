import { join } from 'node:path';
import { DEFAULT_BUCKET, DEFAULT_REGION, resolveStorageConfig } from './storage-config';

describe('resolveStorageConfig', () => {
  it('uses a folder under the data directory when no endpoint is configured', () => {
    expect(resolveStorageConfig({ dataDir: '/srv/intake' })).toEqual({ kind: 'filesystem', root: join('/srv/intake', 'objects') });
    expect(resolveStorageConfig({ dataDir: '.data', s3: { endPoint: '', accessKey: 'k' } })).toEqual({
      kind: 'filesystem',
      root: join('.data', 'objects'),
    });
  });

  it('uses S3 when an endpoint is configured, with defaults for what is left out', () => {
    expect(resolveStorageConfig({ dataDir: '.data', s3: { endPoint: 'minio', accessKey: 'ak', secretKey: 'sk' } })).toEqual({
      kind: 's3',
      endPoint: 'minio',
      port: 9000,
      useSSL: false,
      accessKey: 'ak',
      secretKey: 'sk',
      bucket: DEFAULT_BUCKET,
      region: DEFAULT_REGION,
    });
  });

  it('defaults to port 443 over TLS and keeps explicit values', () => {
    const config = resolveStorageConfig({
      dataDir: '.data',
      s3: { endPoint: 's3.eu-central-1.amazonaws.com', useSSL: true, accessKey: 'ak', secretKey: 'sk', bucket: 'docs', region: 'eu-central-1' },
    });
    expect(config).toMatchObject({ kind: 's3', port: 443, useSSL: true, bucket: 'docs', region: 'eu-central-1' });
  });

  it('refuses an endpoint without credentials instead of failing at the first upload', () => {
    expect(() => resolveStorageConfig({ dataDir: '.data', s3: { endPoint: 'minio', accessKey: 'ak' } })).toThrow(
      'needs an access key and a secret key',
    );
  });
});
