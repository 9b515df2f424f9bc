import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { type AccessTokenClaims, AppError, type Jwks, type SessionUser } from '@intake/contracts';
import { sign, TokenExpiredError, verify } from 'jsonwebtoken';
import { createPublicKey, type KeyObject, randomBytes, randomUUID } from 'node:crypto';
import { access } from 'node:fs/promises';
import { AUTH_CONFIG, type AuthServiceConfig } from '../config';
import { generateKeyFiles, loadSigningKeys, type SigningKeys } from './signing-keys';

/** Issues RS256 access tokens and publishes the matching JWKS. */
@Injectable()
export class TokenSigner implements OnModuleInit {
  private readonly logger = new Logger(TokenSigner.name);
  private keys!: SigningKeys;
  private publicKey!: KeyObject;

  constructor(@Inject(AUTH_CONFIG) private readonly config: AuthServiceConfig) {}

  async onModuleInit(): Promise<void> {
    const { privateKeyFile, publicKeyFile, generateWhenMissing } = this.config.jwt;
    const present = await access(privateKeyFile).then(
      () => true,
      () => false,
    );
    if (!present) {
      if (!generateWhenMissing) throw new Error(`JWT key ${privateKeyFile} does not exist (see npm run keys:generate)`);
      this.logger.log(`generating a 4096-bit RS256 key pair in ${privateKeyFile}`);
      await generateKeyFiles(privateKeyFile, publicKeyFile).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error; // another replica generated it first
      });
    }
    this.keys = await loadSigningKeys(privateKeyFile, publicKeyFile);
    this.publicKey = createPublicKey(this.keys.privateKey);
  }

  get jwks(): Jwks {
    return this.keys.jwks;
  }

  get expiresInSeconds(): number {
    return this.config.jwt.expiresInSeconds;
  }

  /** `sessionVersion`: the account's session cut-off read with the password (AccessTokenClaims.sv). */
  issue(user: SessionUser, sessionVersion: number): { token: string; csrf: string } {
    const csrf = randomBytes(24).toString('base64url');
    const claims: Omit<AccessTokenClaims, 'iat' | 'exp'> = {
      sub: user.id,
      username: user.username,
      role: user.role,
      csrf,
      iat_ms: Date.now(),
      sv: sessionVersion,
      jti: randomUUID(),
    };
    const token = sign(claims, this.keys.privateKey, {
      algorithm: 'RS256',
      keyid: this.keys.kid,
      expiresIn: this.config.jwt.expiresInSeconds,
    });
    return { token, csrf };
  }

  /**
   * The claims of a token this service signed, or null once it has expired (nothing left to end).
   * Throws UNAUTHENTICATED for anything it did not sign.
   */
  read(token: string): AccessTokenClaims | null {
    try {
      return verify(token, this.publicKey, { algorithms: ['RS256'] }) as AccessTokenClaims;
    } catch (error) {
      if (error instanceof TokenExpiredError) return null;
      throw new AppError('UNAUTHENTICATED', `Not a token of this service: ${(error as Error).message}`);
    }
  }
}
