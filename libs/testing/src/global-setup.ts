import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { TEST_KEYS_DIR, TEST_PRIVATE_KEY, TEST_PUBLIC_KEY, WORKSPACE_ROOT } from './paths';

/**
 * Once per test run: build the apps the end-to-end tests start as processes, and make one 4096-bit
 * key pair for every auth-service the tests boot (generating one per file would cost seconds each).
 */
export default function globalSetup(): void {
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: WORKSPACE_ROOT, stdio: 'inherit' });
  if (!existsSync(TEST_PRIVATE_KEY) || !existsSync(TEST_PUBLIC_KEY)) {
    mkdirSync(TEST_KEYS_DIR, { recursive: true, mode: 0o700 });
    const { privateKey, publicKey } = generateKeyPairSync('rsa', {
      modulusLength: 4096,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    writeFileSync(TEST_PRIVATE_KEY, privateKey, { mode: 0o600 });
    writeFileSync(TEST_PUBLIC_KEY, publicKey);
  }
}
