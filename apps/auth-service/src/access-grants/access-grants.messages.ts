import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { type CallerRequest, Handle } from '@intake/messaging';
import { ActiveAdmins } from '../users/active-admins';
import { AccessGrantsService } from './access-grants.service';

@Controller()
export class AccessGrantsMessages {
  constructor(
    private readonly grants: AccessGrantsService,
    private readonly admins: ActiveAdmins,
  ) {}

  @Handle('auth.grants.create')
  async create(@Payload() { caller, data }: CallerRequest<'auth.grants.create'>) {
    await this.admins.require(caller);
    return this.grants.create(caller, data);
  }

  @Handle('auth.grants.list_for_user')
  listForUser(@Payload() { caller, data }: CallerRequest<'auth.grants.list_for_user'>) {
    return this.grants.listForUser(caller, data.user_id);
  }

  @Handle('auth.grants.list_mine')
  listMine(@Payload() { caller }: CallerRequest<'auth.grants.list_mine'>) {
    return this.grants.listForUser(caller, caller.userId);
  }

  @Handle('auth.grants.effective')
  effective(@Payload() { caller }: CallerRequest<'auth.grants.effective'>) {
    return this.grants.effective(caller);
  }

  @Handle('auth.grants.update')
  async update(@Payload() { caller, data }: CallerRequest<'auth.grants.update'>) {
    await this.admins.require(caller);
    return this.grants.update(data);
  }

  @Handle('auth.grants.delete')
  async delete(@Payload() { caller, data }: CallerRequest<'auth.grants.delete'>) {
    await this.admins.require(caller);
    await this.grants.delete(data.id);
    return { deleted: true as const };
  }

  @Handle('auth.grants.delete_for_target')
  async deleteForTarget(@Payload() { caller, data }: CallerRequest<'auth.grants.delete_for_target'>) {
    await this.admins.require(caller);
    return { deleted: await this.grants.deleteForTarget(data.target_id) };
  }

  @Handle('auth.grants.check')
  check(@Payload() { caller, data }: CallerRequest<'auth.grants.check'>) {
    return this.grants.check(caller, data);
  }
}
