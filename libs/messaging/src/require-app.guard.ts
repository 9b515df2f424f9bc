import { applyDecorators, type CanActivate, type ExecutionContext, Injectable, SetMetadata, UseGuards } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type AuthUser, callerOf } from '@intake/auth';
import { AppError, type AppKey } from '@intake/contracts';
import { RpcClient } from './rpc-client';

const APP_METADATA = 'intake:app';

/**
 * Refuses an app's routes to users without that app permission (admins have every app). Asked of
 * auth-service on every request, like the session itself, so a revoked app applies at once.
 */
@Injectable()
export class RequireAppGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly rpc: RpcClient,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const app = this.reflector.getAllAndOverride<AppKey | undefined>(APP_METADATA, [context.getHandler(), context.getClass()]);
    if (!app) return true;
    const req = context.switchToHttp().getRequest<{ user?: AuthUser; id?: string }>();
    if (!req.user) throw new AppError('UNAUTHENTICATED', 'Authentication required');
    if (!(await holdsApp(this.rpc, req.user, app, req.id ? String(req.id) : undefined))) {
      throw new AppError('APP_NOT_GRANTED', `You do not have the ${app} app; ask an administrator to grant it`, { app_key: app });
    }
    return true;
  }
}

/** Whether auth-service says the user holds `app` now (admins hold every app). Shared with long-lived streams. */
export async function holdsApp(rpc: RpcClient, user: AuthUser, app: AppKey, requestId?: string): Promise<boolean> {
  if (user.role === 'admin') return true;
  const apps = await rpc.request('auth.apps.list', {}, { caller: callerOf(user), requestId });
  return apps.some((a) => a.key === app);
}

/** The route (or every route of the controller) belongs to this app. */
export const RequireApp = (app: AppKey) => applyDecorators(SetMetadata(APP_METADATA, app), UseGuards(RequireAppGuard));
