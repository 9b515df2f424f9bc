import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An access token ended by logout before its expiry. */
@Entity({ name: 'revoked_tokens' })
export class RevokedTokenEntity {
  @PrimaryColumn({ type: 'uuid' })
  jti!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  /** The token's own `exp`: after it the row is useless, since the token is refused anyway. */
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;
}
