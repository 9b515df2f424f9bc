import { once } from 'node:events';
import type { Writable } from 'node:stream';

/**
 * Waits until `output` takes more. Rejects when it fails or closes first: a response whose client
 * went away never drains and may never fail either, and a writer waiting for it would hold its
 * source (a database cursor, say) for good.
 */
export async function outputDrained(output: Writable): Promise<void> {
  if (output.destroyed || output.closed) throw new Error('The output closed before the file was written');
  const closed = new AbortController();
  const onClose = () => closed.abort(new Error('The output closed before the file was written'));
  output.once('close', onClose);
  try {
    await once(output, 'drain', { signal: closed.signal });
  } catch (error) {
    throw closed.signal.aborted ? closed.signal.reason : error;
  } finally {
    output.off('close', onClose);
  }
}
