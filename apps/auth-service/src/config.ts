import type { AuthServiceConfig } from '@intake/config';

/** Injection token for the validated auth-service config. */
export const AUTH_CONFIG = Symbol('AUTH_CONFIG');
export type { AuthServiceConfig };
