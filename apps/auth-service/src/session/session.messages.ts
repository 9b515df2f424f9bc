import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { type CallerRequest, Handle, type HandlerRequest } from '@intake/messaging';
import { SessionService } from './session.service';

@Controller()
export class SessionMessages {
  constructor(private readonly sessions: SessionService) {}

  @Handle('auth.session.login')
  login(@Payload() { data }: HandlerRequest<'auth.session.login'>) {
    return this.sessions.login(data.username, data.password, data.ip);
  }

  @Handle('auth.session.verify')
  verify(@Payload() { data }: HandlerRequest<'auth.session.verify'>) {
    return this.sessions.verify(data.user_id, data.issued_at_ms, data.jti ?? null, data.session_version);
  }

  @Handle('auth.session.logout')
  logout(@Payload() { caller, data }: CallerRequest<'auth.session.logout'>) {
    return this.sessions.logout(caller, data.access_token);
  }

  @Handle('auth.session.logoutAll')
  logoutAll(@Payload() { caller }: CallerRequest<'auth.session.logoutAll'>) {
    return this.sessions.logoutAll(caller);
  }

  @Handle('auth.keys.jwks')
  jwks(@Payload() _request: HandlerRequest<'auth.keys.jwks'>) {
    return this.sessions.jwks();
  }
}
