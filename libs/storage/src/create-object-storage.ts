import { FilesystemStorage } from './filesystem-storage';
import { MinioStorage, type MinioStorageOptions } from './minio-storage';
import type { ObjectStorage } from './object-storage';
import type { StorageConfig } from './storage-config';

/** The adapter `config` asks for, initialised (root folder or bucket created) and ready to use. */
export async function createObjectStorage(config: StorageConfig, options: MinioStorageOptions = {}): Promise<ObjectStorage> {
  const storage = config.kind === 's3' ? new MinioStorage(config, options) : new FilesystemStorage(config.root);
  await storage.init();
  return storage;
}
