import { Injectable } from '@nestjs/common';
import { type App, APP_KEYS, type AppKey, type AppPermission, AppError, type Caller } from '@intake/contracts';
import { isForeignKeyViolation } from '@intake/db';
import { UsersRepository } from '../users/users.repository';
import { toAppPermissionDto } from './app-permission.entity';
import { AppPermissionsRepository } from './app-permissions.repository';

const APPS: Record<AppKey, App> = {
  imports: { key: 'imports', name: 'Imports', path: '/imports' },
  documents: { key: 'documents', name: 'Documents', path: '/documents' },
  admin: { key: 'admin', name: 'Administration', path: '/admin' },
};

@Injectable()
export class AppPermissionsService {
  constructor(
    private readonly permissions: AppPermissionsRepository,
    private readonly users: UsersRepository,
  ) {}

  /** The launcher's list: admins see every app, everyone else what they were granted. */
  async appsFor(caller: Caller): Promise<App[]> {
    if (caller.role === 'admin') return APP_KEYS.map((key) => APPS[key]);
    const granted = new Set((await this.permissions.list(caller.userId)).map((p) => p.appKey));
    return APP_KEYS.filter((key) => key !== 'admin' && granted.has(key)).map((key) => APPS[key]);
  }

  /** Everyone's, or one user's: a user who does not exist (or was deleted) is a 404, not an empty list. */
  async list(userId?: string): Promise<AppPermission[]> {
    if (userId !== undefined && !(await this.users.findById(userId))) throw new AppError('USER_NOT_FOUND', `User ${userId} does not exist`);
    return (await this.permissions.list(userId)).map(toAppPermissionDto);
  }

  async grant(caller: Caller, userId: string, appKey: AppKey): Promise<AppPermission> {
    const user = await this.users.findById(userId);
    if (!user) throw new AppError('USER_NOT_FOUND', `User ${userId} does not exist`);
    if (appKey === 'admin' && user.role !== 'admin') {
      throw new AppError('VALIDATION_FAILED', 'The admin app comes with the admin role; change the role instead', {
        fields: [{ field: 'app_key', message: 'admin is granted by the admin role' }],
      });
    }
    try {
      return toAppPermissionDto(await this.permissions.grant(userId, appKey, caller.userId));
    } catch (error) {
      if (isForeignKeyViolation(error)) throw new AppError('USER_NOT_FOUND', `User ${userId} does not exist`);
      throw error;
    }
  }

  async revoke(userId: string, appKey: AppKey): Promise<void> {
    if (!(await this.permissions.revoke(userId, appKey))) {
      throw new AppError('NOT_FOUND', `User ${userId} has no permission for app ${appKey}`);
    }
  }
}
