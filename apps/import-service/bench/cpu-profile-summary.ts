/**
 * Where a .cpuprofile spends its time: self time by area (our lib or app folder, npm package, node
 * internals, GC, idle) and by function. Used by the benchmark's --cpu-prof; also a command:
 *
 *   node dist/apps/import-service/bench/cpu-profile-summary.js FILE.cpuprofile [top=15]
 */
import { readFileSync } from 'node:fs';
import { table } from './report';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** `libs/tabular/src/csv`, `apps/import-service/src/run`, `pg`, `exceljs`, `node:internal`, `(garbage collector)`… */
function areaOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const ours = /dist\/((?:apps|libs)\/[^/]+\/src(?:\/[^/.]+(?=\/))?)/.exec(url);
  if (ours) return ours[1];
  if (url.startsWith('node:')) return 'node internals';
  return url;
}

function shortUrl(url: string): string {
  return url.replace(/^file:\/\//, '').replace(/^.*?\/dist\//, '').replace(/^.*\/node_modules\//, '');
}

/** Self milliseconds per key, biggest first. */
function tally(profile: Profile, key: (node: ProfileNode) => string): [string, number][] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    if (!node) return;
    const k = key(node);
    totals.set(k, (totals.get(k) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return [...totals].sort((a, b) => b[1] - a[1]);
}

export function summariseProfile(file: string, top = 15): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const wall = (profile.endTime - profile.startTime) / 1000;
  const rows = (entries: [string, number][]) =>
    entries.slice(0, top).map(([k, ms]) => [k.length > 90 ? `…${k.slice(-89)}` : k, `${(ms / 1000).toFixed(1)} s`, `${((100 * ms) / wall).toFixed(1)}%`]);
  const areas = tally(profile, (n) => areaOf(n.callFrame.url, n.callFrame.functionName));
  const functions = tally(profile, (n) => {
    const { functionName, url, lineNumber } = n.callFrame;
    return url ? `${functionName || '(anonymous)'} ${shortUrl(url)}:${lineNumber + 1}` : functionName;
  });
  return [
    `${file}: ${(wall / 1000).toFixed(1)} s profiled (self time; "(idle)" = waiting for I/O)`,
    table(['area', 'self', 'share'], rows(areas)),
    '',
    table(['function', 'self', 'share'], rows(functions)),
  ].join('\n');
}

if (require.main === module) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: node cpu-profile-summary.js FILE.cpuprofile [top=15]\n');
    process.exit(2);
  }
  process.stdout.write(`${summariseProfile(file, Number(top ?? 15))}\n`);
}
