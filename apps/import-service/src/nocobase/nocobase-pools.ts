import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Pool, type PoolClient } from 'pg';
import type { NocoBaseConnection } from '../targets/nocobase-target';
import { pgConfigFor, targetError } from './nocobase-connection';

const IDLE_CLIENT_MS = 10_000;
const IDLE_POOL_MS = 5 * 60_000;

interface Entry {
  fingerprint: string;
  pool: Pool;
  lastUsed: number;
}

/**
 * One small pg pool per target. A pool is keyed by a fingerprint of every setting, so a target
 * whose settings changed (here or on another replica) never gets its old pool; idle connections
 * close after 10 s and a pool unused for 5 minutes is ended.
 */
@Injectable()
export class NocoBasePools implements OnApplicationShutdown {
  private readonly logger = new Logger('NocoBasePools');
  private readonly pools = new Map<string, Entry>();
  private readonly sweeper = setInterval(() => void this.sweep(), 60_000).unref();

  /** Runs `work` on a connection to the target; connection failures become TARGET_* AppErrors. */
  async withClient<T>(conn: NocoBaseConnection, work: (client: PoolClient) => Promise<T>): Promise<T> {
    const entry = await this.entryFor(conn);
    let client: PoolClient;
    try {
      client = await entry.pool.connect();
    } catch (error) {
      throw targetError(error, conn);
    }
    // A connection that breaks while checked out (the server restarted, an administrator ended it) emits
    // 'error' on the client, which nothing else listens to then: without this the process ends. The
    // query under way fails with it; the client is given back broken, so the pool drops it.
    let broken: Error | undefined;
    const onError = (error: Error) => {
      broken = error;
      this.logger.warn({ targetId: conn.targetId, err: error.message }, 'a NocoBase connection in use failed');
    };
    client.on('error', onError);
    try {
      return await work(client);
    } catch (error) {
      throw targetError(error, conn);
    } finally {
      client.off('error', onError);
      client.release(broken);
      entry.lastUsed = Date.now();
    }
  }

  async evict(targetId: string): Promise<void> {
    const entry = this.pools.get(targetId);
    if (!entry) return;
    this.pools.delete(targetId);
    await entry.pool.end().catch(() => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.sweeper);
    await Promise.all([...this.pools.keys()].map((id) => this.evict(id)));
  }

  private async entryFor(conn: NocoBaseConnection): Promise<Entry> {
    const fingerprint = fingerprintOf(conn);
    const current = this.pools.get(conn.targetId);
    if (current?.fingerprint === fingerprint) return current;
    if (current) await this.evict(conn.targetId);
    const pool = new Pool({ ...pgConfigFor(conn, { connectTimeoutMs: 5000, statementTimeoutMs: 10_000 }), max: 3, idleTimeoutMillis: IDLE_CLIENT_MS });
    // An idle connection that breaks must not take the process down; the next query reconnects.
    pool.on('error', (error) => this.logger.warn({ targetId: conn.targetId, err: error.message }, 'idle NocoBase connection failed'));
    const entry = { fingerprint, pool, lastUsed: Date.now() };
    this.pools.set(conn.targetId, entry);
    return entry;
  }

  private async sweep(): Promise<void> {
    const now = Date.now();
    for (const [id, entry] of this.pools) {
      if (now - entry.lastUsed > IDLE_POOL_MS && entry.pool.waitingCount === 0 && entry.pool.totalCount === entry.pool.idleCount) await this.evict(id);
    }
  }
}

function fingerprintOf(conn: NocoBaseConnection): string {
  return createHash('sha256').update(JSON.stringify(conn)).digest('hex');
}
