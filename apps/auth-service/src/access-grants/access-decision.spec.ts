import { type AccessQuestion, decideAccess, type GrantRule, withinPin } from './access-decision';

const SERVER_A = '11111111-1111-4111-8111-111111111111';
const SERVER_B = '22222222-2222-4222-8222-222222222222';

function grant(pattern: string, flags: Partial<GrantRule> = {}): GrantRule {
  return { targetId: SERVER_A, pattern, canRead: true, canWrite: false, canCreate: false, ...flags };
}

function ask(q: Partial<AccessQuestion>) {
  return decideAccess({ role: 'operator', assignedServerId: null, grants: [], indexName: 'logs-2024', serverId: SERVER_A, action: 'read', ...q });
}

describe('decideAccess', () => {
  it('lets admin and power do anything anywhere', () => {
    for (const role of ['admin', 'power'] as const) {
      for (const action of ['read', 'write', 'create'] as const) {
        expect(ask({ role, action, serverId: SERVER_B }).allowed).toBe(true);
      }
    }
  });

  it('reads with a write grant, as an import reads the records it checks and updates', () => {
    const writeOnly = grant('logs-*', { canRead: false, canWrite: true });
    expect(ask({ action: 'read', grants: [writeOnly] })).toEqual({ allowed: true, reason: "Granted by pattern 'logs-*' (read)" });
    expect(ask({ action: 'create', grants: [writeOnly] }).allowed).toBe(false);
  });

  it('lets readers read what a grant matches, and nothing else', () => {
    expect(ask({ role: 'reader', action: 'read' }).allowed).toBe(false);
    expect(ask({ role: 'reader', action: 'read', grants: [grant('logs-*', {})] }).allowed).toBe(true);
    expect(ask({ role: 'reader', action: 'write', grants: [grant('logs-*', { canWrite: true })] }).allowed).toBe(false);
    const write = ask({ role: 'reader', action: 'write' });
    expect(write).toEqual({ allowed: false, reason: expect.stringContaining('read-only') });
    expect(ask({ role: 'reader', action: 'create' }).allowed).toBe(false);
  });

  it('gives operators only what a matching grant allows', () => {
    const grants = [grant('logs-*', { canWrite: true })];
    expect(ask({ grants, action: 'write' })).toEqual({ allowed: true, reason: "Granted by pattern 'logs-*' (write)" });
    expect(ask({ grants, action: 'create' })).toEqual({
      allowed: false,
      reason: "Pattern 'logs-*' matches 'logs-2024' but does not allow create",
    });
    expect(ask({ grants, indexName: 'metrics-2024' }).reason).toContain("No grant matches index 'metrics-2024'");
  });

  it('applies a grant only on its server, or everywhere when it names none', () => {
    expect(ask({ grants: [grant('logs-*')], serverId: SERVER_B }).allowed).toBe(false);
    expect(ask({ grants: [grant('logs-*', { targetId: null })], serverId: SERVER_B }).allowed).toBe(true);
  });

  it('keeps a pinned operator on its assigned server', () => {
    const grants = [grant('*', { targetId: null, canWrite: true })];
    expect(ask({ grants, assignedServerId: SERVER_A, serverId: SERVER_A, action: 'write' }).allowed).toBe(true);
    const elsewhere = ask({ grants, assignedServerId: SERVER_A, serverId: SERVER_B, action: 'write' });
    expect(elsewhere).toEqual({ allowed: false, reason: `This operator is pinned to another import target (${SERVER_A}): grants on any other do nothing until an administrator lifts the pin` });
  });

  it('denies an operator with no grants', () => {
    expect(ask({ grants: [] }).allowed).toBe(false);
  });

  it('narrows a pinned user\'s grants to its target, as import-service applies them', () => {
    const grants = [
      { es_server_id: SERVER_A, index_pattern: 'logs-*' },
      { es_server_id: SERVER_B, index_pattern: 'metrics-*' },
      { es_server_id: null, index_pattern: 'shared' },
    ];
    expect(withinPin(null, grants)).toEqual(grants);
    expect(withinPin(SERVER_B, grants)).toEqual([
      { es_server_id: SERVER_B, index_pattern: 'metrics-*' },
      { es_server_id: SERVER_B, index_pattern: 'shared' },
    ]);
  });
});
