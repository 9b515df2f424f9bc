export const ROLES = ['admin', 'power', 'operator', 'reader'] as const;
export type Role = (typeof ROLES)[number];

/** Why a reader's import request is refused: readers may view imports but not make them. */
export const READERS_DO_NOT_IMPORT = 'Readers may view imports but not make them; ask an administrator for the operator role';

export const APP_KEYS = ['imports', 'documents', 'admin'] as const;
export type AppKey = (typeof APP_KEYS)[number];

export const ACCESS_ACTIONS = ['read', 'write', 'create'] as const;
export type AccessAction = (typeof ACCESS_ACTIONS)[number];
