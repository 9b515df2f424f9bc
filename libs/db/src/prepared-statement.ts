import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';

const texts = new Map<string, string>();

/**
 * A statement PostgreSQL parses and plans once per pooled connection, then reuses (pg's named
 * statements). For the few statements run once per document or row on a hot path: there, parsing
 * and planning a large statement can cost the server more than running it (see bench:docs).
 * TypeORM's `query` has no way to name a statement, so this goes to the pool TypeORM holds.
 */
export class PreparedStatement<Row> {
  constructor(
    readonly name: string,
    readonly text: string,
  ) {
    // pg keys statements by name on each connection: one name with two texts would run the wrong one.
    const known = texts.get(name);
    if (known !== undefined && known !== text) throw new Error(`prepared statement "${name}" was declared twice with different text`);
    texts.set(name, text);
  }

  /** Rows returned, and how many rows the statement touched. Errors are pg's (SQLSTATE in `code`). */
  async run(db: DataSource, values: unknown[]): Promise<{ rows: Row[]; rowCount: number }> {
    const pool = (db.driver as unknown as { master: Pool }).master;
    const result = await pool.query<Row & Record<string, unknown>>({ name: this.name, text: this.text, values });
    return { rows: result.rows, rowCount: result.rowCount ?? 0 };
  }
}
