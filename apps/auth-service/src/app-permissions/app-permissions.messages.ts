import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { type CallerRequest, Handle, type HandlerRequest } from '@intake/messaging';
import { ActiveAdmins } from '../users/active-admins';
import { AppPermissionsService } from './app-permissions.service';

@Controller()
export class AppPermissionsMessages {
  constructor(
    private readonly permissions: AppPermissionsService,
    private readonly admins: ActiveAdmins,
  ) {}

  @Handle('auth.apps.list')
  apps(@Payload() { caller }: CallerRequest<'auth.apps.list'>) {
    return this.permissions.appsFor(caller);
  }

  @Handle('auth.app_permissions.list')
  list(@Payload() { data }: HandlerRequest<'auth.app_permissions.list'>) {
    return this.permissions.list(data.user_id);
  }

  @Handle('auth.app_permissions.grant')
  async grant(@Payload() { caller, data }: CallerRequest<'auth.app_permissions.grant'>) {
    await this.admins.require(caller);
    return this.permissions.grant(caller, data.user_id, data.app_key);
  }

  @Handle('auth.app_permissions.revoke')
  async revoke(@Payload() { caller, data }: CallerRequest<'auth.app_permissions.revoke'>) {
    await this.admins.require(caller);
    await this.permissions.revoke(data.user_id, data.app_key);
    return { revoked: true as const };
  }
}
