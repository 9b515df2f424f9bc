import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { type CallerRequest, Handle } from '@intake/messaging';
import { NocoBaseService } from './nocobase.service';

@Controller()
export class NocoBaseMessages {
  constructor(private readonly nocobase: NocoBaseService) {}

  @Handle('import.targets.test')
  test(@Payload() { caller, data }: CallerRequest<'import.targets.test'>) {
    return this.nocobase.test(caller, data.id);
  }

  @Handle('import.collections.list')
  list(@Payload() { caller, data }: CallerRequest<'import.collections.list'>) {
    return this.nocobase.list(caller, data.target_id);
  }

  @Handle('import.collections.describe')
  describe(@Payload() { caller, data }: CallerRequest<'import.collections.describe'>) {
    return this.nocobase.describe(caller, data.target_id, data.name);
  }
}
