import { type DynamicModule, Module } from '@nestjs/common';
import { createLoggerModule } from '@intake/config';
import { DatabaseModule } from '@intake/db';
import { healthMessages } from '@intake/messaging';
import { AccessGrantEntity } from './access-grants/access-grant.entity';
import { AccessGrantsMessages } from './access-grants/access-grants.messages';
import { AccessGrantsRepository } from './access-grants/access-grants.repository';
import { AccessGrantsService } from './access-grants/access-grants.service';
import { AppPermissionEntity } from './app-permissions/app-permission.entity';
import { AppPermissionsMessages } from './app-permissions/app-permissions.messages';
import { AppPermissionsRepository } from './app-permissions/app-permissions.repository';
import { AppPermissionsService } from './app-permissions/app-permissions.service';
import { AUTH_CONFIG, type AuthServiceConfig } from './config';
import { AUTH_MIGRATIONS } from './migrations';
import { ProfileEntity } from './profile/profile.entity';
import { ProfileMessages } from './profile/profile.messages';
import { ProfileRepository } from './profile/profile.repository';
import { ProfileService } from './profile/profile.service';
import { LoginAttemptEntity } from './session/login-attempt.entity';
import { LoginLockout } from './session/login-lockout';
import { RevokedTokenEntity } from './session/revoked-token.entity';
import { RevokedTokensRepository } from './session/revoked-tokens.repository';
import { SessionMessages } from './session/session.messages';
import { SessionService } from './session/session.service';
import { TokenSigner } from './session/token-signer';
import { AdminBootstrap } from './users/admin-bootstrap';
import { CurrentPassword } from './users/current-password';
import { PasswordHasher } from './users/password-hasher';
import { PasswordStrength } from './users/password-strength';
import { UserEntity } from './users/user.entity';
import { UsersMessages } from './users/users.messages';
import { UsersRepository } from './users/users.repository';
import { UsersService } from './users/users.service';
import { ActiveAdmins } from './users/active-admins';

export const AUTH_SCHEMA = 'auth';
export const AUTH_ENTITIES = [UserEntity, ProfileEntity, LoginAttemptEntity, RevokedTokenEntity, AppPermissionEntity, AccessGrantEntity];

@Module({})
export class AuthServiceModule {
  static forConfig(config: AuthServiceConfig): DynamicModule {
    return {
      module: AuthServiceModule,
      imports: [
        createLoggerModule(config.logging),
        DatabaseModule.forService({
          url: config.database.url,
          poolSize: config.database.poolSize,
          statementTimeoutMs: config.database.statementTimeoutMs,
          schema: AUTH_SCHEMA,
          migrationsTableName: 'auth_migrations',
          entities: AUTH_ENTITIES,
          migrations: AUTH_MIGRATIONS,
          applicationName: 'intake-auth-service',
        }),
      ],
      controllers: [
        SessionMessages,
        UsersMessages,
        ProfileMessages,
        AppPermissionsMessages,
        AccessGrantsMessages,
        healthMessages('auth.health.check', 'auth-service'),
      ],
      providers: [
        { provide: AUTH_CONFIG, useValue: config },
        PasswordHasher,
        PasswordStrength,
        TokenSigner,
        UsersRepository,
        UsersService,
        ActiveAdmins,
        AdminBootstrap,
        ProfileRepository,
        ProfileService,
        LoginLockout,
        CurrentPassword,
        RevokedTokensRepository,
        SessionService,
        AppPermissionsRepository,
        AppPermissionsService,
        AccessGrantsRepository,
        AccessGrantsService,
      ],
    };
  }
}
