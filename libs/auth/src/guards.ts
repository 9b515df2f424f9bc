import { type ExecutionContext, Injectable, SetMetadata, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { AppError, type Role } from '@intake/contracts';
import type { AuthUser } from './auth-user';

const PUBLIC_KEY = 'intake:public';
/** The header a web page sends with the id of the user it was loaded for. */
export const EXPECTED_USER_HEADER = 'x-intake-user';
const ROLES_KEY = 'intake:roles';

/** The route needs no signed-in user. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
/** Only these roles may call the route. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): AuthUser => {
  return context.switchToHttp().getRequest<{ user: AuthUser }>().user;
});

/** Global guard: every route needs a valid token unless marked `@Public()`. */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    // NATS handlers in the same process (health) authenticate by their envelope, not by a token.
    if (context.getType() !== 'http') return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, [context.getHandler(), context.getClass()]);
    return isPublic ? true : super.canActivate(context);
  }

  override handleRequest<T>(error: unknown, user: T, info: unknown, context: ExecutionContext): T {
    if (error instanceof AppError) throw error;
    // passport-jwt reports a failed key lookup (auth-service down: 503) as `info`, not as an error.
    if (info instanceof AppError) throw info;
    if (error || !user) {
      const reason = info instanceof Error ? info.message : 'no token';
      const message = reason === 'No auth token' || reason === 'no token' ? 'Authentication required' : `Invalid token: ${reason}`;
      throw new AppError('UNAUTHENTICATED', message);
    }
    // A page loaded for one user sends who it is for: after someone else signs in elsewhere in the
    // same browser, its cookie is theirs, and the page must not act for them under its own user's name.
    const expected = context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>().headers[EXPECTED_USER_HEADER];
    if (typeof expected === 'string' && expected.toLowerCase() !== (user as unknown as AuthUser).id) {
      throw new AppError('SESSION_CHANGED', 'Someone else has signed in in this browser since this page was opened, so nothing was done; reload the page to go on as them');
    }
    return user;
  }
}

@Injectable()
export class RolesGuard {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [context.getHandler(), context.getClass()]);
    if (!roles?.length) return true;
    const user = context.switchToHttp().getRequest<{ user?: AuthUser }>().user;
    if (!user) return false;
    if (!roles.includes(user.role)) {
      throw new AppError('FORBIDDEN', `This action needs the ${roles.join(' or ')} role; you are ${user.role}`);
    }
    return true;
  }
}
