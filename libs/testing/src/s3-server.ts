import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface S3rverServer {
  httpServer?: Server;
  store: { deleteObject(bucket: string, key: string): Promise<void> };
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
}
type S3rverConstructor = new (options: {
  address: string;
  port: number;
  silent: boolean;
  directory: string;
}) => S3rverServer;

export interface TestS3Server {
  endPoint: string;
  port: number;
  accessKey: 'S3RVER';
  secretKey: 'S3RVER';
  stop(): Promise<void>;
}

/**
 * A real S3 protocol server (s3rver) in this process, private to one test file, on a port the OS
 * picks (port 0, so no race with another file). s3rver accepts only the S3RVER/S3RVER credentials
 * and cannot take multipart uploads: give the client sizes and a partSize above the test bodies.
 */
export async function startS3Server(): Promise<TestS3Server> {
  // Loaded on demand: every e2e test imports this package, and only storage tests need Koa & co.
  // @ts-expect-error -- s3rver 3.7 ships no type declarations; S3rverConstructor types what we use.
  const { default: S3rver } = (await import('s3rver')) as { default: S3rverConstructor };
  const directory = mkdtempSync(join(tmpdir(), 'intake-s3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory });
  serialiseDeletes(server.store);
  const { address, port } = await server.run();
  return {
    endPoint: address,
    port,
    accessKey: 'S3RVER',
    secretKey: 'S3RVER',
    stop: async () => {
      // Idle keep-alive sockets from the client would otherwise hold close() open.
      server.httpServer?.closeAllConnections();
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/**
 * s3rver's multi-object delete removes keys in parallel, and each removal then prunes the folders it
 * left empty, so two keys in one folder race and the request fails with a 500. S3 has no folders;
 * running the removals one at a time makes the double behave like it.
 */
function serialiseDeletes(store: S3rverServer['store']): void {
  const deleteOne = store.deleteObject.bind(store);
  let queue: Promise<unknown> = Promise.resolve();
  store.deleteObject = (bucket, key) => {
    const next = queue.then(() => deleteOne(bucket, key));
    queue = next.catch(() => undefined);
    return next;
  };
}
