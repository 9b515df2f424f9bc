import type { AppKey, Role } from '../types';

/** The apps an admin grants one by one; the admin app comes with the admin role, which opens every app. */
export const GRANTED_APPS: { key: Exclude<AppKey, 'admin'>; name: string }[] = [
  { key: 'documents', name: 'Documents' },
  { key: 'imports', name: 'Imports' },
];

/** The roles, as ARCHITECTURE.md §5 describes them. */
export const ROLES: { key: Role; name: string }[] = [
  { key: 'reader', name: 'Reader: looks only' },
  { key: 'operator', name: 'Operator: own documents, imports where granted' },
  { key: 'power', name: 'Power: own documents, imports anywhere' },
  { key: 'admin', name: 'Admin: everything' },
];
