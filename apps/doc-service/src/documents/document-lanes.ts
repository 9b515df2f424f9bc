/** The two document queues (see DocumentWorker): straight to the workers, or behind them. */
export type DocumentLane = 'docs.work.process' | 'docs.work.bulk';

/**
 * The queue of a document with `ahead` of its owner's documents waiting before it: an owner's first
 * `bulkAfter` go straight to the workers, the ones behind them to the bulk queue, which yields, so one
 * owner's thousand files do not hold up another's one.
 */
export function laneFor(ahead: number, bulkAfter: number): DocumentLane {
  return ahead < bulkAfter ? 'docs.work.process' : 'docs.work.bulk';
}
