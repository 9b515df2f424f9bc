import { DatabaseError, type Pool, type PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import { sqlState } from './pg-errors';

const texts = new Map<string, string>();

/**
 * SQLSTATEs after which this connection's copy of the statement cannot run again: a migration
 * changed what it returns (0A000, "cached plan must not change result type"), or the statement is
 * gone (26000, e.g. a pooler reset the session). The statement did not run: the connection is
 * dropped and the call tried again, until a new connection prepares it afresh.
 */
const STALE_STATEMENT = new Set(['0A000', '26000']);

/**
 * A statement PostgreSQL parses and plans once per pooled connection, then reuses (pg's named
 * statements). For the few statements run once per document or row on a hot path: there, parsing
 * and planning a large statement can cost the server more than running it (see bench:docs).
 * TypeORM's `query` has no way to name a statement, so this goes to the pool TypeORM holds, and
 * TypeORM's query logging does not see it. Needs a session per connection: behind PgBouncer,
 * version 1.21 or later with `max_prepared_statements` set.
 */
export class PreparedStatement<Row> {
  constructor(
    readonly name: string,
    readonly text: string,
  ) {
    // pg refuses one name with two texts on a connection, at run time; say so when the module loads.
    const known = texts.get(name);
    if (known !== undefined && known !== text) throw new Error(`prepared statement "${name}" was declared twice with different text`);
    texts.set(name, text);
  }

  /** Rows returned, and how many rows the statement touched. Errors are pg's (SQLSTATE in `code`). */
  async run(db: DataSource, values: unknown[]): Promise<{ rows: Row[]; rowCount: number }> {
    if (!db.isInitialized) throw new Error(`prepared statement "${this.name}": the database connection is closed`);
    const pool = (db.driver as unknown as { master: Pool }).master;
    // Every pooled connection may hold a stale copy; one more attempt than there are connections reaches a new one.
    const attempts = (pool.options.max ?? 10) + 1;
    for (let attempt = 1; ; attempt++) {
      const client = await pool.connect();
      try {
        const result = await client.query<Row & Record<string, unknown>>({ name: this.name, text: this.text, values });
        client.release();
        return { rows: result.rows, rowCount: result.rowCount ?? 0 };
      } catch (error) {
        const stale = STALE_STATEMENT.has(sqlState(error));
        release(client, error, stale);
        if (stale && attempt < attempts) continue;
        throw error;
      }
    }
  }
}

/** A refused statement leaves its connection usable (keep it); a broken connection or a stale statement does not. */
function release(client: PoolClient, error: unknown, stale: boolean): void {
  client.release(stale || !(error instanceof DatabaseError) ? (error as Error) : undefined);
}
