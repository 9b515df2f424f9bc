import { Injectable } from '@nestjs/common';
import { AppError, type Caller } from '@intake/contracts';
import { UsersRepository } from './users.repository';

/**
 * The gateway names the caller's role as it was when the request came in; an admin's change is made
 * only if the caller is still an active admin when it is made (a request sent just before a demotion
 * must not make a new admin or grant access). User changes check it in their own transaction.
 */
@Injectable()
export class ActiveAdmins {
  constructor(private readonly users: UsersRepository) {}

  async require(caller: Caller): Promise<void> {
    const user = await this.users.findById(caller.userId);
    if (user?.role !== 'admin' || !user.isActive) throw new AppError('FORBIDDEN', 'Only an active admin may do this');
  }
}
