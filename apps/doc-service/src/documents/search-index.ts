import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { searchVectorSql } from './search-vector';

const BATCH = 500;

/**
 * Rebuilds every document's search vector after the text-search language changed: in the
 * background, in batches (short locks, so workers and edits go on), one rebuild at a time; a
 * change during a rebuild starts the next one with the newest language when it ends.
 */
@Injectable()
export class SearchIndex {
  private readonly logger = new Logger('SearchIndex');
  private running: Promise<void> | null = null;
  private next: string | null = null;

  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  rebuild(language: string): void {
    this.next = language;
    this.running ??= this.drain().finally(() => (this.running = null));
  }

  /** Resolves once no rebuild is running or waiting (for tests and shutdown). */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    while (this.next !== null) {
      const language = this.next;
      this.next = null;
      await this.rebuildAll(language).catch((error: unknown) => this.logger.error({ err: error }, `rebuilding the search index for '${language}' failed`));
    }
  }

  private async rebuildAll(language: string): Promise<void> {
    const started = Date.now();
    let after = '00000000-0000-0000-0000-000000000000';
    let total = 0;
    for (;;) {
      const rows: { id: string }[] = await this.db.query(
        `UPDATE docs.documents SET search = ${searchVectorSql(1)}
         WHERE id IN (SELECT id FROM docs.documents WHERE search IS NOT NULL AND id > $2 ORDER BY id LIMIT ${BATCH}) RETURNING id`,
        [language, after],
      ).then((result: [{ id: string }[], number]) => result[0]);
      if (!rows.length) break;
      total += rows.length;
      after = rows.reduce((max, r) => (r.id > max ? r.id : max), after);
      // A newer language is waiting: this pass is moot.
      if (this.next !== null) return;
    }
    this.logger.log(`search index rebuilt for '${language}': ${total} documents in ${Date.now() - started} ms`);
  }
}
