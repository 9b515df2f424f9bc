import { readdirSync, readFileSync } from 'node:fs';
import { waitFor } from './wait-for';

/** Whether every thread of `pid` has stopped (state T or t); a thread that ended meanwhile counts as stopped. */
function allStopped(pid: number): boolean {
  return readdirSync(`/proc/${pid}/task`).every((tid) => {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    } catch {
      return true;
    }
    // The name in parentheses may hold spaces: the state comes after its closing one.
    const state = stat[stat.lastIndexOf(')') + 2];
    return state === 'T' || state === 't';
  });
}

/**
 * Stops `pid` (SIGSTOP) and waits until every one of its threads has stopped: a thread busy on the
 * other core stops a moment after the signal, and a message sent in that moment could still be
 * answered by a server the test thinks is stalled. When it does not stop in time, it is let go on
 * (SIGCONT), so no later test meets a process left stopped.
 */
export async function stopProcess(pid: number): Promise<void> {
  process.kill(pid, 'SIGSTOP');
  try {
    await waitFor(() => allStopped(pid), 5_000, 1);
  } catch (error) {
    process.kill(pid, 'SIGCONT');
    throw error;
  }
}
