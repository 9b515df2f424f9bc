import type { DocServiceConfig } from '@intake/config';

export const DOC_CONFIG = Symbol('DOC_CONFIG');
export type { DocServiceConfig };
