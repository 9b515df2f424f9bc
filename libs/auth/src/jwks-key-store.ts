import { AppError, type Jwks } from '@intake/contracts';
import { createPublicKey } from 'node:crypto';

export type JwksFetcher = () => Promise<Jwks>;

/**
 * Public keys by `kid`, fetched from auth-service's JWKS. An unknown `kid` triggers one refetch (so a
 * rotated key works at once) but no more than once per `minRefetchMs`, so forged kids cannot flood
 * auth-service.
 */
export class JwksKeyStore {
  private keys = new Map<string, string>();
  private lastFetch = 0;
  private inflight?: Promise<void>;

  constructor(
    private readonly fetchJwks: JwksFetcher,
    private readonly minRefetchMs = 10_000,
  ) {}

  /** The PEM of the public key with this `kid`. */
  async getKey(kid: string | undefined): Promise<string> {
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
        this.keys = new Map(jwks.keys.map((jwk) => [jwk.kid, pemOf(jwk)]));
        this.lastFetch = Date.now();
      })
      .finally(() => {
        this.inflight = undefined;
      });
    return this.inflight;
  }
}

function pemOf(jwk: Jwks['keys'][number]): string {
  return createPublicKey({ key: jwk, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString();
}
