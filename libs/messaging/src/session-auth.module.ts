import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { issuedAtMsOf, JwksKeyStore, JwtAuthGuard, JwtStrategy, RolesGuard, SESSION_VERIFIER, type SessionVerifier } from '@intake/auth';
import { RpcClient } from './rpc-client';

/**
 * Every HTTP route needs a valid token (unless @Public): verified in this process with auth-service's
 * JWKS, then auth-service is asked whether the user is still active and the token not logged out.
 * Gateway and doc-service both use it, so doc-service trusts nothing the gateway forwards but the token itself.
 */
@Module({
  imports: [PassportModule],
  providers: [
    {
      provide: JwksKeyStore,
      inject: [RpcClient],
      useFactory: (rpc: RpcClient) => new JwksKeyStore(() => rpc.request('auth.keys.jwks', {})),
    },
    {
      provide: SESSION_VERIFIER,
      inject: [RpcClient],
      useFactory: (rpc: RpcClient): SessionVerifier => ({
        verify: (claims) => rpc.request('auth.session.verify', { user_id: claims.sub, issued_at_ms: issuedAtMsOf(claims), jti: claims.jti, session_version: claims.sv }),
      }),
    },
    JwtStrategy,
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
  ],
  // The same session check the strategy runs, for streams that re-check a session while open.
  exports: [SESSION_VERIFIER],
})
export class SessionAuthModule {}
