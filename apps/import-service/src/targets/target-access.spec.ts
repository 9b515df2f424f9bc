import type { Caller } from '@intake/contracts';
import { canLookUp, canSeeTarget, collectionAccess, type TargetGrant } from './target-access';

const T1 = '11111111-1111-4111-8111-111111111111';
const T2 = '22222222-2222-4222-8222-222222222222';
const as = (role: Caller['role']): Caller => ({ userId: '33333333-3333-4333-8333-333333333333', role });
const grant = (index_pattern: string, es_server_id: string | null, flags: Partial<TargetGrant> = {}): TargetGrant => ({
  index_pattern, es_server_id, can_read: true, can_write: false, ...flags,
});

describe('target visibility', () => {
  it('shows every target to admins and power users, with or without grants', () => {
    expect(canSeeTarget(as('admin'), T1, [])).toBe(true);
    expect(canSeeTarget(as('power'), T1, [])).toBe(true);
  });

  it('shows operators and readers only targets their grants name, or all when a grant names none', () => {
    for (const role of ['operator', 'reader'] as const) {
      expect(canSeeTarget(as(role), T1, [])).toBe(false);
      expect(canSeeTarget(as(role), T1, [grant('x*', T1)])).toBe(true);
      expect(canSeeTarget(as(role), T2, [grant('x*', T1)])).toBe(false);
      expect(canSeeTarget(as(role), T2, [grant('x*', null)])).toBe(true);
    }
  });
});

describe('collection access', () => {
  const grants = [grant('customer*', T1, { can_write: true }), grant('orders', T1), grant('tickets', null, { can_write: true })];

  it('lets admins and power users write everywhere', () => {
    expect(collectionAccess(as('admin'), T2, [], 'anything')).toBe('write');
    expect(collectionAccess(as('power'), T2, [], 'anything')).toBe('write');
  });

  it('lets operators write where a can_write grant on that target (or on every target) matches, and read where another grant does', () => {
    expect(collectionAccess(as('operator'), T1, grants, 'customers')).toBe('write');
    expect(collectionAccess(as('operator'), T1, grants, 'orders')).toBe('read');
    expect(collectionAccess(as('operator'), T1, [grant('orders', T1, { can_read: false })], 'orders')).toBeNull();
    expect(collectionAccess(as('operator'), T1, grants, 'products')).toBeNull();
    expect(collectionAccess(as('operator'), T2, grants, 'customers')).toBeNull();
    expect(collectionAccess(as('operator'), T2, grants, 'tickets')).toBe('write');
  });

  it('gives readers read-only access to what their grants match', () => {
    expect(collectionAccess(as('reader'), T1, grants, 'customers')).toBe('read');
    expect(collectionAccess(as('reader'), T1, grants, 'orders')).toBe('read');
    expect(collectionAccess(as('reader'), T1, grants, 'products')).toBeNull();
  });
});

describe('looking records up (relation columns)', () => {
  const grants = [grant('customer*', T1, { can_read: false, can_write: true }), grant('orders', T1), grant('none', T1, { can_read: false })];

  it('needs any grant to read or write the collection on that target; admins and power users need none', () => {
    for (const role of ['operator', 'reader'] as const) {
      expect(canLookUp(as(role), T1, grants, 'customers')).toBe(true);
      expect(canLookUp(as(role), T1, grants, 'orders')).toBe(true);
      expect(canLookUp(as(role), T1, grants, 'products')).toBe(false);
      expect(canLookUp(as(role), T1, grants, 'none')).toBe(false);
      expect(canLookUp(as(role), T2, grants, 'orders')).toBe(false);
    }
    expect(canLookUp(as('admin'), T2, [], 'anything')).toBe(true);
    expect(canLookUp(as('power'), T2, [], 'anything')).toBe(true);
  });
});
