import { cpus, loadavg, totalmem } from 'node:os';

/** A benchmark's first line: what ran, when, and on what machine (figures mean little without it). */
export function benchBanner(name: string): string {
  const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const load = loadavg().map((l) => l.toFixed(2)).join(', ');
  return `${name}, ${when} UTC — ${cpus().length} cores (${cpus()[0]?.model.trim()}), ${(totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.versions.node}, load ${load}`;
}
