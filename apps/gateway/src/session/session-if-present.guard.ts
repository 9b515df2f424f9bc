import { Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { AppError } from '@intake/contracts';

const sessionIsOver = (failure: unknown) => failure instanceof AppError && failure.code === 'UNAUTHENTICATED';

/**
 * For logout, which answers with or without a session: checks the request's token like every route
 * does (CSRF header included for a cookie) and attaches its user, but lets the request through with
 * no user when there is no token or its session is already over, so logging out twice succeeds.
 */
@Injectable()
export class SessionIfPresentGuard extends AuthGuard('jwt') {
  override handleRequest<T>(error: unknown, user: T, info: unknown): T {
    // A missing CSRF header or an unreachable auth-service is not "no session": logout must not claim it ended one.
    if (error && !sessionIsOver(error)) throw error;
    if (info instanceof AppError && !sessionIsOver(info)) throw info;
    return (user || null) as T;
  }
}
