import { DatabaseError, type Pool, type QueryResult } from 'pg';
import type { DataSource } from 'typeorm';

const texts = new Map<string, string>();

/**
 * Errors after which this connection's copy of the statement cannot run again: a migration changed
 * what it returns (PostgreSQL re-checks the plan and refuses it), or the statement is gone (26000,
 * e.g. a pooler reset the session). The statement did not run: the connection is dropped and the
 * call tried again, until a new connection prepares it afresh.
 */
function isStale(error: unknown): boolean {
  if (!(error instanceof DatabaseError)) return false;
  return (error.code === '0A000' && error.routine === 'RevalidateCachedQuery') || error.code === '26000';
}

/**
 * A statement PostgreSQL parses and plans once per pooled connection, then reuses (pg's named
 * statements). For the few statements run once per document or row on a hot path: there, parsing
 * and planning a large statement can cost the server more than running it (see bench:docs).
 * TypeORM's `query` has no way to name a statement, so this goes to the pool TypeORM holds, and
 * TypeORM's query logging does not see it. Needs a session per connection: see deploy/README.md
 * for PgBouncer.
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
      // A checked-out connection has no other listener: a socket error with none would end the process.
      let lost: Error | undefined;
      const onError = (error: Error) => (lost = error);
      client.on('error', onError);
      let result: QueryResult | undefined;
      let failure: unknown;
      try {
        result = await client.query({ name: this.name, text: this.text, values });
      } catch (error) {
        failure = error;
      }
      client.removeListener('error', onError);
      const stale = isStale(failure);
      // Keep the connection only after a statement PostgreSQL refused (severity ERROR): a FATAL one,
      // a lost socket or a stale statement leave it unusable for the next caller.
      const usable = !lost && (result !== undefined || (failure instanceof DatabaseError && failure.severity === 'ERROR' && !stale));
      client.release(usable ? undefined : (lost ?? (failure as Error)));
      if (result) return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
      if (stale && attempt < attempts) continue;
      throw failure;
    }
  }
}
