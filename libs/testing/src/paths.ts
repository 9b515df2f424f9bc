import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const WORKSPACE_ROOT = resolve(__dirname, '../../..');
export const TEST_KEYS_DIR = join(tmpdir(), 'intake-test-keys');
export const TEST_PRIVATE_KEY = join(TEST_KEYS_DIR, 'jwt-private.pem');
export const TEST_PUBLIC_KEY = join(TEST_KEYS_DIR, 'jwt-public.pem');

/** Where a built app's entry point lives (`npm run build` output). */
export function builtMain(app: string): string {
  return join(WORKSPACE_ROOT, 'dist/apps', app, 'src/main.js');
}
