import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface TokenToRevoke {
  jti: string;
  userId: string;
  expiresAt: Date;
}

@Injectable()
export class RevokedTokensRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /**
   * Lists the token as revoked (again is a no-op) and, in the same statement, drops the rows whose
   * token has expired: they need no timer, and the table stays as small as the live revoked sessions.
   */
  async revoke(token: TokenToRevoke): Promise<void> {
    await this.dataSource.query(
      `WITH purged AS (DELETE FROM auth.revoked_tokens WHERE expires_at <= now())
       INSERT INTO auth.revoked_tokens (jti, user_id, expires_at) VALUES ($1, $2, $3)
       ON CONFLICT (jti) DO NOTHING`,
      [token.jti, token.userId, token.expiresAt],
    );
  }
}
