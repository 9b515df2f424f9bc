import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { type CallerRequest, Handle } from '@intake/messaging';
import { ImportJobsService } from './import-jobs.service';

@Controller()
export class ImportJobsMessages {
  constructor(private readonly jobs: ImportJobsService) {}

  @Handle('import.jobs.admit')
  async admit(@Payload() { caller, data }: CallerRequest<'import.jobs.admit'>) {
    return { admitted: true as const, ...(await this.jobs.admit(caller, data.target_id)) };
  }

  @Handle('import.jobs.create')
  create(@Payload() { caller, data }: CallerRequest<'import.jobs.create'>) {
    return this.jobs.create(caller, data);
  }

  @Handle('import.jobs.list')
  list(@Payload() { caller, data }: CallerRequest<'import.jobs.list'>) {
    return this.jobs.list(caller, data.limit, data.offset);
  }

  @Handle('import.jobs.get')
  get(@Payload() { caller, data }: CallerRequest<'import.jobs.get'>) {
    return this.jobs.get(caller, data.id);
  }

  @Handle('import.jobs.preview')
  preview(@Payload() { caller, data }: CallerRequest<'import.jobs.preview'>) {
    return this.jobs.preview(caller, data.id);
  }

  @Handle('import.jobs.plan')
  plan(@Payload() { caller, data }: CallerRequest<'import.jobs.plan'>) {
    return this.jobs.setPlan(caller, data.id, data.plan);
  }

  @Handle('import.jobs.start')
  start(@Payload() { caller, data }: CallerRequest<'import.jobs.start'>) {
    return this.jobs.start(caller, data.id);
  }

  @Handle('import.jobs.check')
  check(@Payload() { caller, data }: CallerRequest<'import.jobs.check'>) {
    return this.jobs.check(caller, data.id);
  }

  @Handle('import.jobs.failures')
  failures(@Payload() { caller, data }: CallerRequest<'import.jobs.failures'>) {
    return this.jobs.failures(caller, data.id, data.limit, data.offset);
  }

  @Handle('import.jobs.same-file')
  sameFile(@Payload() { caller, data }: CallerRequest<'import.jobs.same-file'>) {
    return this.jobs.sameFile(caller, data.id);
  }

  @Handle('import.jobs.cancel')
  cancel(@Payload() { caller, data }: CallerRequest<'import.jobs.cancel'>) {
    return this.jobs.cancel(caller, data.id);
  }

  @Handle('import.jobs.rollback')
  rollback(@Payload() { caller, data }: CallerRequest<'import.jobs.rollback'>) {
    return this.jobs.rollback(caller, data.id);
  }

  @Handle('import.jobs.delete')
  async delete(@Payload() { caller, data }: CallerRequest<'import.jobs.delete'>) {
    await this.jobs.delete(caller, data.id);
    return { deleted: true as const };
  }

  @Handle('import.jobs.file')
  file(@Payload() { caller, data }: CallerRequest<'import.jobs.file'>) {
    return this.jobs.file(caller, data.id, data.which, data.format, data.sheet, data.rows);
  }
}
