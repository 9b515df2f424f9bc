export * from './create-object-storage';
export * from './filesystem-storage';
export * from './minio-storage';
export * from './object-key';
export * from './object-storage';
export * from './storage-config';
export * from './storage-errors';
export * from './storage.module';
