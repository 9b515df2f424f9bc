import type { PoolClient } from 'pg';
import { probingIndexes } from '../nocobase-writer/index-probes';

/** A look-up on an indexed column as index probes (see probingIndexes), in a transaction of its own; without an index the planner keeps its choice. */
export async function withIndexProbes<T>(client: PoolClient, indexed: boolean, lookUp: () => Promise<T>): Promise<T> {
  if (!indexed) return lookUp();
  await client.query('BEGIN');
  try {
    const found = await probingIndexes(client, lookUp);
    await client.query('COMMIT');
    return found;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}
