import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { type CallerRequest, Handle, type HandlerRequest } from '@intake/messaging';
import { TargetsService } from './targets.service';

@Controller()
export class TargetsMessages {
  constructor(private readonly targets: TargetsService) {}

  @Handle('import.targets.list')
  list(@Payload() { caller }: CallerRequest<'import.targets.list'>) {
    return this.targets.list(caller);
  }

  @Handle('import.targets.get')
  get(@Payload() { caller, data }: CallerRequest<'import.targets.get'>) {
    return this.targets.get(caller, data.id);
  }

  @Handle('import.targets.create')
  create(@Payload() { caller, data }: CallerRequest<'import.targets.create'>) {
    return this.targets.create(caller, data);
  }

  @Handle('import.targets.update')
  update(@Payload() { data }: HandlerRequest<'import.targets.update'>) {
    return this.targets.update(data);
  }

  @Handle('import.targets.delete')
  async delete(@Payload() { caller, data }: CallerRequest<'import.targets.delete'>) {
    await this.targets.delete(caller, data.id);
    return { deleted: true as const };
  }
}
