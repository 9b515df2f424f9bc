import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { RpcClient } from '@intake/messaging';
import { OBJECT_STORAGE, type ObjectStorage, safeObjectKey } from '@intake/storage';
import { DataSource } from 'typeorm';
import { DOC_CONFIG, type DocServiceConfig } from '../config';

/** Owners asked about in one request to auth-service (its limit). */
const ASK_AT_ONCE = 1000;

/**
 * Erases what deleted users left: their documents (rows, files, category links, kept model
 * answers) and categories. Only on auth-service's positive answer that a user was deleted: an
 * owner it does not know (a database restored from an older backup) keeps everything.
 */
@Injectable()
export class DeletedOwners implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('DeletedOwners');
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    @Inject(DOC_CONFIG) private readonly config: DocServiceConfig,
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
    private readonly rpc: RpcClient,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.role === 'api') return;
    this.timer = setInterval(() => void this.sweep().catch((error: unknown) => this.logger.warn({ err: error }, 'the sweep for deleted owners failed')), this.config.deletedOwners.sweepMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Erases the documents of every owner deleted since; answers how many owners. One sweep at a time. */
  sweep(): Promise<number> {
    this.running ??= this.eraseDeleted().finally(() => (this.running = undefined));
    return this.running;
  }

  private async eraseDeleted(): Promise<number> {
    const owners: { owner_id: string }[] = await this.db.query('SELECT owner_id FROM docs.documents UNION SELECT owner_id FROM docs.categories');
    let erased = 0;
    for (let i = 0; i < owners.length; i += ASK_AT_ONCE) {
      const ids = owners.slice(i, i + ASK_AT_ONCE).map((o) => o.owner_id);
      const { deleted } = await this.rpc.request('auth.users.deleted', { ids });
      // Only ids asked about: a wrong answer (another auth-service on the same NATS) erases nothing else.
      const confirmed = deleted.filter((id) => ids.includes(id));
      for (const owner of confirmed) await this.erase(owner);
      erased += confirmed.length;
    }
    return erased;
  }

  private async erase(owner: string): Promise<void> {
    // Where DocumentsService stores each of the owner's files (documents/<owner>/<id>.pdf).
    const files = `${safeObjectKey('documents', owner)}/`;
    // Files first: rows left by a failure here are found by the next sweep, files without rows would
    // not be. Again after the rows: an upload under way may have stored a file since.
    await this.storage.deletePrefix(files);
    const documents = await this.db.transaction(async (tx) => {
      // Background work, not a request: a user with a great many documents may take longer than the statement timeout.
      await tx.query('SET LOCAL statement_timeout = 0');
      const [, count] = (await tx.query('DELETE FROM docs.documents WHERE owner_id = $1', [owner])) as [unknown, number];
      await tx.query('DELETE FROM docs.categories WHERE owner_id = $1', [owner]);
      return count;
    });
    await this.storage.deletePrefix(files);
    this.logger.log({ ownerId: owner, documents }, 'erased the documents of a deleted user');
  }
}
