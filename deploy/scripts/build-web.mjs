// `npm run build:web`: the Next.js static export of apps/web into dist/apps/web, which the gateway
// serves. Skipped when the export is newer than every file of the app (`--force` builds anyway).
import { spawn } from 'node:child_process';
import { utimesSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WEB_ENTRY, webStaleReason } from './lib/build.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const force = process.argv.includes('--force');
const reason = force ? 'asked to (--force)' : webStaleReason(root);

if (!reason) {
  process.stdout.write('web app: dist/apps/web is up to date\n');
} else {
  process.stdout.write(`web app: building (${reason})\n`);
  const next = resolve(root, 'node_modules/next/dist/bin/next');
  // The export is dated when the build started, so a source saved during the build still counts as newer.
  const started = new Date();
  // Telemetry off: builds here must not try to reach the internet.
  const child = spawn(process.execPath, [next, 'build', 'apps/web'], { cwd: root, stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
  child.on('exit', (code, signal) => {
    if (code === 0) utimesSync(join(root, WEB_ENTRY), started, started);
    process.exit(code ?? (signal ? 1 : 0));
  });
}
