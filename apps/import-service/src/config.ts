import type { ImportServiceConfig } from '@intake/config';

/** Injection token for import-service's validated config. */
export const IMPORT_CONFIG = Symbol('IMPORT_CONFIG');
export type { ImportServiceConfig };
