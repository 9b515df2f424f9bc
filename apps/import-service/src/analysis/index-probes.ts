import type { PoolClient } from 'pg';

/**
 * Runs a look-up that joins a few thousand values to a table on an indexed column as index probes,
 * hash and merge joins off for its transaction alone: the planner would scan the whole table and hash
 * it instead, three times slower here for 2,000 keys against 100,000 records (the writer does the
 * same, see findExistingRecords). Without an index the planner keeps its choice.
 */
export async function withIndexProbes<T>(client: PoolClient, indexed: boolean, lookUp: () => Promise<T>): Promise<T> {
  if (!indexed) return lookUp();
  await client.query('BEGIN');
  try {
    await client.query('SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off');
    const found = await lookUp();
    await client.query('COMMIT');
    return found;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}
