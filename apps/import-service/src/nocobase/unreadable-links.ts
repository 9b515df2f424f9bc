import { AppError } from '@intake/contracts';

/** Why a relation column cannot be imported by this caller: its values are looked up where it may not read. */
export function unreadableLink(fieldName: string, target: string): string {
  return `field '${fieldName}' links to collection '${target}', which you have no grant to read, so its values cannot be looked up; ask an administrator for a read grant on '${target}', or leave the column out`;
}

/** A linked collection the caller may not read (or that is gone) as null; any other failure stays an error. */
export function notFoundAsNull(error: unknown): null {
  if (error instanceof AppError && error.code === 'COLLECTION_NOT_FOUND') return null;
  throw error;
}
