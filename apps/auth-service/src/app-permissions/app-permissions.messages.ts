import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { type CallerRequest, Handle, type HandlerRequest } from '@intake/messaging';
import { AppPermissionsService } from './app-permissions.service';

@Controller()
export class AppPermissionsMessages {
  constructor(private readonly permissions: AppPermissionsService) {}

  @Handle('auth.apps.list')
  apps(@Payload() { caller }: CallerRequest<'auth.apps.list'>) {
    return this.permissions.appsFor(caller);
  }

  @Handle('auth.app_permissions.list')
  list(@Payload() { data }: HandlerRequest<'auth.app_permissions.list'>) {
    return this.permissions.list(data.user_id);
  }

  @Handle('auth.app_permissions.grant')
  grant(@Payload() { caller, data }: CallerRequest<'auth.app_permissions.grant'>) {
    return this.permissions.grant(caller, data.user_id, data.app_key);
  }

  @Handle('auth.app_permissions.revoke')
  async revoke(@Payload() { data }: HandlerRequest<'auth.app_permissions.revoke'>) {
    await this.permissions.revoke(data.user_id, data.app_key);
    return { revoked: true as const };
  }
}
