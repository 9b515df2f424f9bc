import { tmpdir } from 'node:os';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The folder with nx.json, whether this file runs from source (jest) or from dist/ (benchmarks). */
export const WORKSPACE_ROOT = findUp(__dirname, 'nx.json');

function findUp(start: string, marker: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, marker))) return dir;
    if (dirname(dir) === dir) throw new Error(`no ${marker} above ${start}`);
  }
}
export const TEST_KEYS_DIR = join(tmpdir(), 'intake-test-keys');
export const TEST_PRIVATE_KEY = join(TEST_KEYS_DIR, 'jwt-private.pem');
export const TEST_PUBLIC_KEY = join(TEST_KEYS_DIR, 'jwt-public.pem');

/** Where a built app's entry point lives (`npm run build` output). */
export function builtMain(app: string): string {
  return join(WORKSPACE_ROOT, 'dist/apps', app, 'src/main.js');
}
