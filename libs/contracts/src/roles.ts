export const ROLES = ['admin', 'power', 'operator', 'reader'] as const;
export type Role = (typeof ROLES)[number];

export const APP_KEYS = ['imports', 'documents', 'admin'] as const;
export type AppKey = (typeof APP_KEYS)[number];

export const ACCESS_ACTIONS = ['read', 'write', 'create'] as const;
export type AccessAction = (typeof ACCESS_ACTIONS)[number];
