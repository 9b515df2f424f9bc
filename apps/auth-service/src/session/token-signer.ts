import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { AccessTokenClaims, Jwks, SessionUser } from '@intake/contracts';
import { sign } from 'jsonwebtoken';
import { randomBytes } from 'node:crypto';
import { access } from 'node:fs/promises';
import { AUTH_CONFIG, type AuthServiceConfig } from '../config';
import { generateKeyFiles, loadSigningKeys, type SigningKeys } from './signing-keys';

/** Issues RS256 access tokens and publishes the matching JWKS. */
@Injectable()
export class TokenSigner implements OnModuleInit {
  private readonly logger = new Logger(TokenSigner.name);
  private keys!: SigningKeys;

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
  }

  get jwks(): Jwks {
    return this.keys.jwks;
  }

  get expiresInSeconds(): number {
    return this.config.jwt.expiresInSeconds;
  }

  issue(user: SessionUser): { token: string; csrf: string } {
    const csrf = randomBytes(24).toString('base64url');
    const claims: Omit<AccessTokenClaims, 'iat' | 'exp'> = { sub: user.id, username: user.username, role: user.role, csrf, iat_ms: Date.now() };
    const token = sign(claims, this.keys.privateKey, {
      algorithm: 'RS256',
      keyid: this.keys.kid,
      expiresIn: this.config.jwt.expiresInSeconds,
    });
    return { token, csrf };
  }
}
