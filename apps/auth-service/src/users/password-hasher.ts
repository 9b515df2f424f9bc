import { Injectable } from '@nestjs/common';
import { Algorithm, hash, verify } from '@node-rs/argon2';

/**
 * argon2id with OWASP's recommended parameters (19 MiB, 2 passes, 1 lane). @node-rs/argon2 ships
 * prebuilt N-API binaries: the `argon2` package's prebuild crashed here and needs a compiler otherwise.
 */
@Injectable()
export class PasswordHasher {
  private readonly options = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 };
  // Verified against when the login names no user, so a miss costs as long as a hit.
  private readonly decoy = hash('intake-decoy-password', this.options);

  hash(password: string): Promise<string> {
    return hash(password, this.options);
  }

  async verify(hashed: string | null, password: string): Promise<boolean> {
    try {
      return await verify(hashed ?? (await this.decoy), password);
    } catch {
      return false;
    }
  }
}
