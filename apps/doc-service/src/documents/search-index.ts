import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SettingsStore } from '../settings/settings-store';
import { SEARCH_FORMAT, searchVectorSql } from './search-vector';

/** Rows per UPDATE: a batch of long documents holds its row locks for seconds (to_tsvector of 150k characters takes ~30 ms). */
const BATCH = 100;
/**
 * After a pass, the documents finished since it began are built again this much later: a worker
 * that read the settings before the change (or from a replica's cache, up to 30 s old) writes its
 * vector in the old language, maybe after the pass went by.
 */
const RESWEEP_AFTER_MS = 40_000;

/**
 * Rebuilds every document's search vector: after the text-search language changed, and at start
 * when the stored vectors were built an older way (SEARCH_FORMAT) or in another language than the
 * setting (a rebuild cut short). In the background, in batches (short locks, so workers and edits
 * go on), one rebuild at a time; a change during a rebuild starts the next one with the newest
 * language when it ends. A complete pass in the language set when it ends records it in
 * `docs.search_index_state`.
 */
@Injectable()
export class SearchIndex implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('SearchIndex');
  private running: Promise<void> | null = null;
  private next: string | null = null;
  private resweep: NodeJS.Timeout | null = null;
  /** How long after a pass the documents finished during it are built again (shorter in tests). */
  resweepAfterMs = RESWEEP_AFTER_MS;
  /** Told how the pass for the newest language ended: every vector rebuilt, or not. */
  private settledHooks: ((rebuilt: boolean) => Promise<void>)[] = [];

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly settings: SettingsStore,
  ) {}

  /**
   * Vectors stored an older way are rebuilt, by one process: the first replica to move the recorded
   * format on does it, and puts it back if the rebuild fails, so the next start tries again.
   */
  async onApplicationBootstrap(): Promise<void> {
    const [state]: { format: number; language: string | null }[] = await this.db.query('SELECT format, language FROM docs.search_index_state');
    if (!state) return;
    const { search_language } = await this.settings.get();
    if (state.format >= SEARCH_FORMAT) {
      if (state.language === null) await this.record(search_language);
      else if (state.language !== search_language) {
        // Every replica starting now may do this too: the same vectors twice, nothing worse.
        this.logger.log(`the search vectors are in '${state.language}', the setting says '${search_language}': rebuilding them`);
        this.rebuild(search_language);
      }
      return;
    }
    // No language until the pass ends: a start after a crash in the middle sees a mismatch and rebuilds.
    const [claimed] = (await this.db.query("UPDATE docs.search_index_state SET format = $1, language = '' WHERE format = $2 RETURNING format", [SEARCH_FORMAT, state.format])) as [unknown[], number];
    if (!claimed.length) return; // another replica took it
    this.logger.log(`the search vectors are format ${state.format}: rebuilding them as format ${SEARCH_FORMAT}`);
    this.rebuild(search_language, async (rebuilt) => {
      if (!rebuilt) await this.db.query('UPDATE docs.search_index_state SET format = $1 WHERE format = $2', [state.format, SEARCH_FORMAT]);
    });
  }

  rebuild(language: string, settled?: (rebuilt: boolean) => Promise<void>): void {
    this.next = language;
    if (settled) this.settledHooks.push(settled);
    this.running ??= this.drain().finally(() => (this.running = null));
  }

  /** Resolves once no rebuild is running or waiting (for tests and shutdown). */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  onApplicationShutdown(): void {
    if (this.resweep) clearTimeout(this.resweep);
  }

  private async drain(): Promise<void> {
    while (this.next !== null) {
      const language = this.next;
      this.next = null;
      // Compared with updated_at (the database's clock): taken a few seconds early, so a clock apart by less misses nothing.
      const began = new Date(Date.now() - 5000);
      const rebuilt = await this.rebuildAll(language).catch((error: unknown) => {
        this.logger.error({ err: error }, `rebuilding the search index for '${language}' failed`);
        return false;
      });
      // A pass made moot by a newer language hands its hooks on to that one.
      if (this.next !== null) continue;
      // The language may have been changed through another replica meanwhile, whose own pass ran
      // beside this one: the vectors are then mixed, and only a pass in the language set now may be recorded.
      const now = rebuilt ? await this.settings.get().then((settings) => settings.search_language, () => language) : language;
      if (now !== language) {
        this.next = now;
        continue;
      }
      if (rebuilt) {
        await this.record(language).catch((error: unknown) => this.logger.error({ err: error }, 'recording the search language'));
        this.resweepLater(language, began);
      }
      for (const hook of this.settledHooks.splice(0)) await hook(rebuilt).catch((error: unknown) => this.logger.error({ err: error }, 'after rebuilding the search index'));
    }
  }

  private async record(language: string): Promise<void> {
    await this.db.query('UPDATE docs.search_index_state SET language = $1', [language]);
  }

  private resweepLater(language: string, since: Date): void {
    if (this.resweep) clearTimeout(this.resweep);
    this.resweep = setTimeout(() => {
      this.resweep = null;
      void this.resweepNow(language, since).catch((error: unknown) => this.logger.error({ err: error }, `building again the vectors of documents finished during the '${language}' rebuild`));
    }, this.resweepAfterMs);
    this.resweep.unref();
  }

  private async resweepNow(language: string, since: Date): Promise<void> {
    // A newer language's rebuild under way or done makes this one moot.
    if (this.running || (await this.settings.searchLanguage()) !== language) return;
    await this.db.transaction(async (tx) => {
      // Every document finished during a long pass: background work, which may take longer than a request's statement timeout.
      await tx.query('SET LOCAL statement_timeout = 0');
      await tx.query(`UPDATE docs.documents SET search = ${searchVectorSql(1)} WHERE updated_at >= $2 AND (search IS NOT NULL OR status = 'failed')`, [language, since]);
    });
  }

  /** True when every vector was rebuilt; false when a newer language made this pass moot. */
  private async rebuildAll(language: string): Promise<boolean> {
    const started = Date.now();
    let after = '00000000-0000-0000-0000-000000000000';
    let total = 0;
    for (;;) {
      const rows: { id: string }[] = await this.db.query(
        `UPDATE docs.documents SET search = ${searchVectorSql(1)}
         WHERE id IN (SELECT id FROM docs.documents WHERE (search IS NOT NULL OR status = 'failed') AND id > $2 ORDER BY id LIMIT ${BATCH}) RETURNING id`,
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
