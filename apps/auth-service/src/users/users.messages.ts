import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { type CallerRequest, Handle, type HandlerRequest } from '@intake/messaging';
import { ActiveAdmins } from './active-admins';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Controller()
export class UsersMessages {
  constructor(
    private readonly users: UsersService,
    private readonly repository: UsersRepository,
    private readonly admins: ActiveAdmins,
  ) {}

  @Handle('auth.users.list')
  list(@Payload() _request: HandlerRequest<'auth.users.list'>) {
    return this.users.list();
  }

  @Handle('auth.users.get')
  get(@Payload() { caller, data }: CallerRequest<'auth.users.get'>) {
    return this.users.get(caller, data.id);
  }

  @Handle('auth.users.create')
  async create(@Payload() { caller, data }: CallerRequest<'auth.users.create'>) {
    await this.admins.require(caller);
    return this.users.create(caller, data);
  }

  @Handle('auth.users.update')
  async update(@Payload() { caller, data }: CallerRequest<'auth.users.update'>) {
    // A demoted admin's request is refused as such, before any password is asked of them.
    await this.admins.require(caller);
    return this.users.update(caller, data.id, data.changes);
  }

  @Handle('auth.users.delete')
  async delete(@Payload() { caller, data }: CallerRequest<'auth.users.delete'>) {
    await this.admins.require(caller);
    await this.users.delete(caller, data.id, data.current_password);
    return { deleted: true as const };
  }

  @Handle('auth.users.deleted')
  async deleted(@Payload() { data }: HandlerRequest<'auth.users.deleted'>) {
    return { deleted: await this.repository.deletedAmong(data.ids) };
  }
}
