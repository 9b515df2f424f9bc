import type { Role } from '@intake/contracts';

/** Who may upload, correct, re-process, delete and file documents; readers only look (ARCHITECTURE.md §5). */
export const DOCUMENT_WRITERS: Role[] = ['admin', 'power', 'operator'];
