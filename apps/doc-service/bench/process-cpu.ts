/**
 * CPU time per process over a case, from /proc: where the time of a document goes across the
 * suite's processes, PostgreSQL and NATS (Linux only; elsewhere nothing is printed).
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second for /proc/<pid>/stat on Linux (USER_HZ, 100 on every common build). */
const TICKS_PER_SECOND = 100;

/** Per group, the /proc stat files to add up: a process's (all its threads) or one thread's. */
export type CpuGroups = Record<string, string[]>;

export const processStat = (pid: number) => `/proc/${pid}/stat`;
const threadStat = (pid: number, tid: number | string) => `/proc/${pid}/task/${tid}/stat`;

/** A process's main thread, and its other threads (worker threads, V8's GC helpers, libuv's pool). */
export function threadStats(pid: number): { main: string[]; others: string[] } {
  try {
    const others = readdirSync(`/proc/${pid}/task`).filter((tid) => tid !== String(pid));
    return { main: [threadStat(pid, pid)], others: others.map((tid) => threadStat(pid, tid)) };
  } catch {
    return { main: [], others: [] };
  }
}

/** utime + stime in seconds from a stat file, or null when the process or thread is gone. */
function statCpu(file: string): number | null {
  try {
    const stat = readFileSync(file, 'utf8');
    // comm may hold spaces and parentheses: the fields that follow start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** Every process whose command name is `comm` (PostgreSQL's backends, for instance). */
export function pidsNamed(comm: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === comm) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

export type CpuSnapshot = Map<string, Map<string, number | null>>;

export function cpuSnapshot(groups: CpuGroups): CpuSnapshot {
  return new Map(Object.entries(groups).map(([name, files]) => [name, new Map(files.map((file) => [file, statCpu(file)]))]));
}

/**
 * CPU seconds per group between two snapshots; processes that appeared meanwhile count from zero,
 * those gone by the end are left out (their time is lost, never negative). A group named in
 * `splitBusiest` is reported as its busiest member and the rest, under the two names given.
 */
export function cpuSince(before: CpuSnapshot, after: CpuSnapshot, splitBusiest: Record<string, [string, string]> = {}): Record<string, number> {
  const spent: Record<string, number> = {};
  for (const [name, files] of after) {
    const each = [...files].map(([file, seconds]) => (seconds === null ? 0 : seconds - (before.get(name)?.get(file) ?? 0)));
    const sum = each.reduce((a, b) => a + b, 0);
    const split = splitBusiest[name];
    if (!split) {
      spent[name] = sum;
      continue;
    }
    const busiest = Math.max(0, ...each);
    spent[split[0]] = busiest;
    spent[split[1]] = sum - busiest;
  }
  return spent;
}
