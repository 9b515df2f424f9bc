import { type AccessAction, matchesIndexPattern, type Role } from '@intake/contracts';

export interface GrantRule {
  targetId: string | null;
  pattern: string;
  canRead: boolean;
  canWrite: boolean;
  canCreate: boolean;
}

export interface AccessQuestion {
  role: Role;
  assignedServerId: string | null;
  grants: GrantRule[];
  indexName: string;
  serverId: string | null;
  action: AccessAction;
}

const FLAG: Record<AccessAction, keyof Pick<GrantRule, 'canRead' | 'canWrite' | 'canCreate'>> = {
  read: 'canRead',
  write: 'canWrite',
  create: 'canCreate',
};

/** Who may do what to an index: the rules of ARCHITECTURE §5, with a reason a person can act on. */
export function decideAccess(q: AccessQuestion): { allowed: boolean; reason: string } {
  if (q.role === 'admin') return { allowed: true, reason: 'Administrators have full access to every index' };
  if (q.role === 'power') return { allowed: true, reason: 'Power users have full access to every index' };
  // A reader reads what its grants match, as import-service shows it collections: never more.
  if (q.role === 'reader' && q.action !== 'read') return { allowed: false, reason: `Readers have read-only access; ${q.action} is not allowed` };
  if (q.assignedServerId && q.serverId !== q.assignedServerId) {
    return { allowed: false, reason: `This ${q.role} is pinned to another import target (${q.assignedServerId}): grants on any other do nothing until an administrator lifts the pin` };
  }
  const onServer = q.grants.filter((g) => g.targetId === null || g.targetId === q.serverId);
  const matching = onServer.filter((g) => matchesIndexPattern(g.pattern, q.indexName));
  // A write grant reads too: an import reads the records it checks and updates (and shows their values).
  const granting = matching.find((g) => g[FLAG[q.action]] || (q.action === 'read' && g.canWrite));
  if (granting) return { allowed: true, reason: `Granted by pattern '${granting.pattern}' (${q.action})` };
  if (matching.length) {
    const patterns = matching.map((g) => `'${g.pattern}'`).join(', ');
    return { allowed: false, reason: `Pattern ${patterns} matches '${q.indexName}' but does not allow ${q.action}` };
  }
  return { allowed: false, reason: `No grant matches index '${q.indexName}' on this server; ask an administrator for one` };
}

/**
 * The grants of an operator or reader pinned to one target, as they apply: those naming another
 * target do nothing, and those naming no target (every target) apply on the pinned one only.
 */
export function withinPin<G extends { es_server_id: string | null }>(pin: string | null, grants: G[]): G[] {
  if (!pin) return grants;
  return grants.flatMap((g) => (g.es_server_id === null || g.es_server_id === pin ? [{ ...g, es_server_id: pin }] : []));
}
