import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { searchVectorSql } from './search-vector';

/** Rebuilds every document's search vector, e.g. after the text-search language changed. */
@Injectable()
export class SearchIndex {
  private readonly logger = new Logger('SearchIndex');

  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  /** In the background: searches use the new language at once and find more as documents are redone. */
  rebuild(language: string): void {
    const started = Date.now();
    this.db
      .query(`UPDATE docs.documents SET search = ${searchVectorSql(1)} WHERE search IS NOT NULL`, [language])
      .then(
        ([, count]: [unknown, number]) => this.logger.log(`search index rebuilt for '${language}': ${count} documents in ${Date.now() - started} ms`),
        (error: unknown) => this.logger.error({ err: error }, `rebuilding the search index for '${language}' failed`),
      );
  }
}
