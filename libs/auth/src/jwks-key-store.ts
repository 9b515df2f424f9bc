import { AppError, type Jwks } from '@intake/contracts';
import { createPublicKey, type KeyObject } from 'node:crypto';

export type JwksFetcher = () => Promise<Jwks>;

/**
 * Public keys by `kid`, fetched from auth-service's JWKS, as KeyObjects: jsonwebtoken would otherwise
 * parse a PEM into one on every request it verifies. An unknown `kid` triggers one refetch (so a
 * rotated key works at once) but no more than once per `minRefetchMs`, so forged kids cannot flood
 * auth-service.
 */
export class JwksKeyStore {
  private keys = new Map<string, KeyObject>();
  private lastFetch = 0;
  private inflight?: Promise<void>;

  constructor(
    private readonly fetchJwks: JwksFetcher,
    private readonly minRefetchMs = 10_000,
  ) {}

  /** The public key with this `kid`. */
  async getKey(kid: string | undefined): Promise<KeyObject> {
    if (!kid) throw new AppError('UNAUTHENTICATED', 'Token has no key id (kid)');
    let key = this.keys.get(kid);
    if (!key && Date.now() - this.lastFetch >= this.minRefetchMs) {
      await this.refresh();
      key = this.keys.get(kid);
    }
    if (!key) throw new AppError('UNAUTHENTICATED', 'Token was signed with an unknown key');
    return key;
  }

  private refresh(): Promise<void> {
    this.inflight ??= this.fetchJwks()
      .then((jwks) => {
        this.keys = new Map(jwks.keys.map((jwk) => [jwk.kid, createPublicKey({ key: jwk, format: 'jwk' })]));
        this.lastFetch = Date.now();
      })
      .finally(() => {
        this.inflight = undefined;
      });
    return this.inflight;
  }
}
