import { type Caller, type IndexAccess, matchesIndexPattern } from '@intake/contracts';

/** The grant fields that decide what a caller sees on a target. */
export type TargetGrant = Pick<IndexAccess, 'es_server_id' | 'index_pattern' | 'can_read' | 'can_write'>;

export type CollectionAccess = 'write' | 'read' | null;

/** Admins and power users are unrestricted; operators and readers depend on their grants. */
export function isUnrestricted(caller: Caller): boolean {
  return caller.role === 'admin' || caller.role === 'power';
}

/** Grants that apply on this target: those naming it, and those naming no target (every target). */
function grantsOn(targetId: string, grants: TargetGrant[]): TargetGrant[] {
  return grants.filter((g) => g.es_server_id === null || g.es_server_id === targetId);
}

/** Whether the target shows up for the caller at all; an invisible target answers 404, never 403. */
export function canSeeTarget(caller: Caller, targetId: string, grants: TargetGrant[]): boolean {
  return isUnrestricted(caller) || grantsOn(targetId, grants).length > 0;
}

/**
 * What the caller may do with a collection of a target. Operators write where a `can_write` grant
 * matches the name (creating collections is never needed: we only write into existing ones);
 * operators and readers see read-only what any other grant matches, as auth-service's check says.
 */
export function collectionAccess(caller: Caller, targetId: string, grants: TargetGrant[], collection: string): CollectionAccess {
  if (isUnrestricted(caller)) return 'write';
  const matching = grantsOn(targetId, grants).filter((g) => matchesIndexPattern(g.index_pattern, collection));
  if (caller.role === 'operator' && matching.some((g) => g.can_write)) return 'write';
  return matching.some((g) => g.can_read || g.can_write) ? 'read' : null;
}

/**
 * Whether the caller may look records of a collection up, as a relation column does (a customer's
 * name resolved to its id): any grant matching it, to read or to write. Nothing is written there.
 */
export function canLookUp(caller: Caller, targetId: string, grants: TargetGrant[], collection: string): boolean {
  return isUnrestricted(caller) || grantsOn(targetId, grants).some((g) => (g.can_read || g.can_write) && matchesIndexPattern(g.index_pattern, collection));
}
