import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { isUniqueViolation } from '@intake/db';
import { randomBytes } from 'node:crypto';
import { AUTH_CONFIG, type AuthServiceConfig } from '../config';
import { PasswordHasher } from './password-hasher';
import { UsersRepository } from './users.repository';

/** Creates the first admin on an empty database, from ADMIN_* or with a random password shown once. */
@Injectable()
export class AdminBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger(AdminBootstrap.name);

  constructor(
    @Inject(AUTH_CONFIG) private readonly config: AuthServiceConfig,
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if ((await this.users.count()) > 0) return;
    const { username, email, password } = this.config.bootstrapAdmin;
    const secret = password ?? randomBytes(15).toString('base64url');
    try {
      await this.users.create({
        username,
        email,
        fullName: 'Administrator',
        role: 'admin',
        isActive: true,
        assignedEsServerId: null,
        passwordHash: await this.hasher.hash(secret),
        // Generated, or set in an environment file: the admin is asked to choose their own.
        passwordChangeDue: true,
      });
    } catch (error) {
      if (isUniqueViolation(error)) return; // a replica starting alongside created it
      throw error;
    }
    this.logger.log(`created the first admin '${username}'`);
    if (!password) {
      // Deliberately outside the logger: shown once on the terminal, never stored in log files.
      process.stdout.write(`\n  First admin: ${username} / ${secret}\n  (ADMIN_PASSWORD was not set; change this password after signing in: your name at the top of the web app)\n\n`);
    }
  }
}
