/**
 * And a request carries at most about this many bytes: below the body limits proxies in front of
 * the gateway commonly set (the Kubernetes ingress here: 200 MB), and short enough to go through
 * within the servers' 15-minute limit on one request over a slow line. A larger file goes alone.
 */
export const BYTES_PER_REQUEST = 100 * 1024 * 1024;

/** The files in the order given, cut into requests of at most `maxFiles` files (what doc-service takes) and BYTES_PER_REQUEST bytes. */
export function uploadBatches<F extends { size: number }>(files: F[], maxFiles: number, maxBytes = BYTES_PER_REQUEST): F[][] {
  const batches: F[][] = [];
  let batch: F[] = [];
  let bytes = 0;
  for (const file of files) {
    if (batch.length && (batch.length >= maxFiles || bytes + file.size > maxBytes)) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(file);
    bytes += file.size;
  }
  if (batch.length) batches.push(batch);
  return batches;
}
