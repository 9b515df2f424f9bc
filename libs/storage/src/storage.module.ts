import { type DynamicModule, Module } from '@nestjs/common';
import type { StorageSettings } from '@intake/config';
import { createObjectStorage } from './create-object-storage';
import { resolveStorageConfig } from './storage-config';

/** Injection token of the app's `ObjectStorage`. */
export const OBJECT_STORAGE = Symbol('OBJECT_STORAGE');

@Module({})
export class StorageModule {
  static forRoot(settings: StorageSettings): DynamicModule {
    return {
      module: StorageModule,
      global: true,
      providers: [{ provide: OBJECT_STORAGE, useFactory: () => createObjectStorage(resolveStorageConfig(settings)) }],
      exports: [OBJECT_STORAGE],
    };
  }
}
