import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SettingsStore } from '../settings/settings-store';
import { SEARCH_FORMAT, searchVectorSql } from './search-vector';

const BATCH = 500;

/**
 * Rebuilds every document's search vector: after the text-search language changed, and at start
 * when the stored vectors were built an older way (SEARCH_FORMAT). In the background, in batches
 * (short locks, so workers and edits go on), one rebuild at a time; a change during a rebuild
 * starts the next one with the newest language when it ends.
 */
@Injectable()
export class SearchIndex implements OnApplicationBootstrap {
  private readonly logger = new Logger('SearchIndex');
  private running: Promise<void> | null = null;
  private next: string | null = null;
  /** Run once every vector is rebuilt with the newest language. */
  private afterRebuilt: (() => Promise<void>)[] = [];

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly settings: SettingsStore,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const [state]: { format: number }[] = await this.db.query('SELECT format FROM docs.search_index_state');
    if (!state || state.format >= SEARCH_FORMAT) return;
    const { search_language } = await this.settings.get();
    this.logger.log(`the search vectors were built the format-${state.format} way: rebuilding them (format ${SEARCH_FORMAT})`);
    this.rebuild(search_language, async () => {
      await this.db.query('UPDATE docs.search_index_state SET format = $1 WHERE format < $1', [SEARCH_FORMAT]);
    });
  }

  rebuild(language: string, afterRebuilt?: () => Promise<void>): void {
    this.next = language;
    if (afterRebuilt) this.afterRebuilt.push(afterRebuilt);
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
      const rebuilt = await this.rebuildAll(language).catch((error: unknown) => {
        this.logger.error({ err: error }, `rebuilding the search index for '${language}' failed`);
        return false;
      });
      // A failed pass leaves its follow-ups waiting for the next rebuild that completes.
      if (!rebuilt || this.next !== null) continue;
      for (const then of this.afterRebuilt.splice(0)) await then().catch((error: unknown) => this.logger.error({ err: error }, 'after rebuilding the search index'));
    }
  }

  /** True when every vector was rebuilt; false when a newer language made this pass moot. */
  private async rebuildAll(language: string): Promise<boolean> {
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
      if (this.next !== null) return false;
    }
    this.logger.log(`search index rebuilt for '${language}': ${total} documents in ${Date.now() - started} ms`);
    return true;
  }
}
