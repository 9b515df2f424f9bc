import { Injectable } from '@nestjs/common';
import { AppError, type Caller, READERS_DO_NOT_IMPORT } from '@intake/contracts';
import { RpcClient } from '@intake/messaging';
import type { ImportJobEntity } from './import-job.entity';

/** What a piece of a job's work does: reads the target (analysis), or writes to it (run, rollback). */
export type JobWork = 'read' | 'write';

/**
 * The user a job's work is done for, as they stand when it runs: whoever last asked for it (start,
 * rollback) or its owner, with the role and standing auth-service gives them now. A job waits in
 * the queue, so a role kept from upload time could outlive a demotion or a deactivation.
 */
@Injectable()
export class JobActors {
  constructor(private readonly rpc: RpcClient) {}

  async current(job: ImportJobEntity, work: JobWork): Promise<Caller> {
    const userId = job.actorId ?? job.ownerId;
    // Asked as that user, who may read their own account whatever their role.
    const user = await this.rpc.request('auth.users.get', { id: userId }, { caller: { userId, role: 'reader' } }).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'USER_NOT_FOUND') return null;
      throw error;
    });
    if (!user) throw new AppError('FORBIDDEN', 'The account this import runs for no longer exists');
    if (!user.is_active) throw new AppError('FORBIDDEN', `The account this import runs for (${user.username}) is deactivated`);
    if (work === 'write' && user.role === 'reader') throw new AppError('FORBIDDEN', `The account this import runs for (${user.username}) is a reader now, and readers do not import`);
    return { userId, role: user.role };
  }

  /** The time zone the user set on their account, which their files' times without a zone are proposed to be in; null when none is set. */
  async timeZone(caller: Caller): Promise<string | null> {
    return (await this.rpc.request('auth.profile.get', {}, { caller })).timezone;
  }
}

/** Importing (uploading, planning, starting, cancelling, rolling back) needs more than the reader role. */
export function requireImporter(caller: Caller): void {
  if (caller.role === 'reader') throw new AppError('FORBIDDEN', READERS_DO_NOT_IMPORT);
}
