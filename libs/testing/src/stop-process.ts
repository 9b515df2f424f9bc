import { readdirSync, readFileSync } from 'node:fs';
import { waitFor } from './wait-for';

/** The state letter of each thread of `pid` (R running, S sleeping, T stopped, …). */
function threadStates(pid: number): string[] {
  return readdirSync(`/proc/${pid}/task`).map((tid) => {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    // The name in parentheses may hold spaces: the state comes after its closing one.
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  });
}

/**
 * Stops `pid` (SIGSTOP) and waits until every one of its threads has stopped: a thread busy on the
 * other core stops a moment after the signal, and a message sent in that moment could still be
 * answered by a server the test thinks is stalled.
 */
export async function stopProcess(pid: number): Promise<void> {
  process.kill(pid, 'SIGSTOP');
  await waitFor(() => threadStates(pid).every((state) => state === 'T' || state === 't'), 5_000, 1);
}
