import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { type CallerRequest, Handle } from '@intake/messaging';
import { ProfileService } from './profile.service';

@Controller()
export class ProfileMessages {
  constructor(private readonly profiles: ProfileService) {}

  @Handle('auth.profile.get')
  get(@Payload() { caller }: CallerRequest<'auth.profile.get'>) {
    return this.profiles.get(caller);
  }

  @Handle('auth.profile.update')
  update(@Payload() { caller, data }: CallerRequest<'auth.profile.update'>) {
    return this.profiles.update(caller, data);
  }
}
