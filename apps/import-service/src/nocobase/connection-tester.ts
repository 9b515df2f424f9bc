import { Injectable } from '@nestjs/common';
import type { TargetTestResult } from '@intake/contracts';
import { Client } from 'pg';
import type { NocoBaseConnection } from '../targets/nocobase-target';
import { explainConnectionError, pgConfigFor } from './nocobase-connection';
import { qualified } from './nocobase-names';

/** Short enough that the whole test answers well inside the gateway's wait, long enough for a remote database. */
const LIMITS = { connectTimeoutMs: 3000, statementTimeoutMs: 3000 };

/**
 * Opens one fresh connection (never a pooled one, so what is tested is the settings as they are),
 * counts NocoBase's collections and checks the acting user. Every failure is an answer with
 * `ok: false` and a sentence to act on, never an error.
 */
@Injectable()
export class ConnectionTester {
  async test(conn: NocoBaseConnection): Promise<TargetTestResult> {
    const started = Date.now();
    const elapsed = () => Date.now() - started;
    const client = new Client(pgConfigFor(conn, LIMITS));
    client.on('error', () => undefined);
    let serverVersion: string | null = null;
    try {
      await client.connect();
      serverVersion = (await client.query<{ v: string }>(`SELECT current_setting('server_version') AS v`)).rows[0].v;
      const prefix = conn.table_prefix ?? '';
      const found = await client.query<{ t: string | null }>(`SELECT to_regclass($1)::text AS t`, [qualified(conn.schema, `${prefix}collections`)]);
      if (!found.rows[0].t) {
        const message = `Connected to PostgreSQL ${serverVersion}, but ${conn.schema}.${prefix}collections does not exist: this is not NocoBase's database, or its schema or table prefix differ`;
        return { ok: false, server_version: serverVersion, collections: null, message, warnings: [], elapsed_ms: elapsed() };
      }
      const count = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${qualified(conn.schema, `${prefix}collections`)}`);
      const collections = count.rows[0].n;
      const warnings = await this.actingUserWarnings(client, conn);
      const message = `Connected to PostgreSQL ${serverVersion}; NocoBase has ${collections} collection${collections === 1 ? '' : 's'} in schema ${conn.schema}`;
      return { ok: true, server_version: serverVersion, collections, message, warnings, elapsed_ms: elapsed() };
    } catch (error) {
      return { ok: false, server_version: serverVersion, collections: null, message: explainConnectionError(error, conn).message, warnings: [], elapsed_ms: elapsed() };
    } finally {
      client.end().catch(() => undefined);
    }
  }

  private async actingUserWarnings(client: Client, conn: NocoBaseConnection): Promise<string[]> {
    if (conn.acting_user_id === null) {
      return ['No acting user is set: imported rows will have empty createdById/updatedById, so NocoBase shows no author'];
    }
    const users = qualified(conn.schema, `${conn.table_prefix ?? ''}users`);
    const user = await client.query(`SELECT 1 FROM ${users} WHERE id = $1`, [conn.acting_user_id]).catch(() => null);
    return user?.rowCount ? [] : [`Acting user ${conn.acting_user_id} does not exist in ${conn.schema}.${conn.table_prefix ?? ''}users`];
  }
}
