import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** PostgreSQL's text-search configurations ('simple', 'english', 'portuguese', …) available for full-text search. */
@Injectable()
export class TextSearchConfigs {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async names(): Promise<string[]> {
    const rows: { cfgname: string }[] = await this.db.query('SELECT cfgname FROM pg_catalog.pg_ts_config ORDER BY cfgname');
    return rows.map((r) => r.cfgname);
  }
}
