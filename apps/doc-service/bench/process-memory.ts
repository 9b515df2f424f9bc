/**
 * Peak resident memory of a process (all its threads: doc-service's PDF worker thread included),
 * from /proc. Linux resets the peak to the current RSS when "5" is written to clear_refs.
 */
import { readFileSync, writeFileSync } from 'node:fs';

/** VmHWM in bytes (null when the process is gone or /proc is not there). */
export function peakRss(pid: number): number | null {
  try {
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : null;
  } catch {
    return null;
  }
}

/** Starts a new peak from now; false when the kernel refused (the peak is then the process's lifetime one). */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}
