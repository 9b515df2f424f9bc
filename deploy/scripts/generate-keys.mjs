// `npm run keys:generate -- [dir] [--force]`: the RS256 key pair auth-service signs tokens with.
//
// auth-service generates a pair itself on first start (JWT_GENERATE_KEYS=true, the default). In
// production, generate it once with this script, store it as a secret, point JWT_PRIVATE_KEY_FILE /
// JWT_PUBLIC_KEY_FILE at it and set JWT_GENERATE_KEYS=false, so every replica signs with the same key.
import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const KEY_BITS = 4096; // auth-service refuses anything smaller
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  console.log('usage: npm run keys:generate -- [dir] [--force]\n  dir defaults to .data/keys; --force overwrites existing key files');
  process.exit(0);
}
const force = args.includes('--force');
const unknown = args.filter((arg) => arg.startsWith('-') && arg !== '--force');
const dirs = args.filter((arg) => !arg.startsWith('-'));
if (unknown.length > 0 || dirs.length > 1) {
  console.error(`unexpected arguments: ${[...unknown, ...dirs.slice(1)].join(' ')}\nusage: npm run keys:generate -- [dir] [--force]`);
  process.exit(2);
}

// npm runs scripts from the package root; a relative dir is taken from where npm was invoked.
const base = process.env.INIT_CWD ?? process.cwd();
const dir = dirs[0] ? resolve(base, dirs[0]) : join(root, '.data', 'keys');
const privateFile = join(dir, 'jwt-private.pem');
const publicFile = join(dir, 'jwt-public.pem');

const existing = [privateFile, publicFile].filter((file) => existsSync(file));
if (existing.length > 0 && !force) {
  console.error(`refusing to overwrite ${existing.join(' and ')}: pass --force to replace them`);
  console.error('(replacing the key signs every user out: tokens signed with the old key stop verifying)');
  process.exit(1);
}

console.log(`generating a ${KEY_BITS}-bit RSA key pair…`);
const { privateKey, publicKey } = generateKeyPairSync('rsa', {
  modulusLength: KEY_BITS,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});
mkdirSync(dir, { recursive: true, mode: 0o700 });
writeFileSync(privateFile, privateKey, { mode: 0o600 });
chmodSync(privateFile, 0o600); // writeFileSync keeps the mode of a file it overwrites
writeFileSync(publicFile, publicKey, { mode: 0o644 });

console.log(`wrote ${privateFile} (0600) and ${publicFile}

Use them with:
JWT_PRIVATE_KEY_FILE=${privateFile}
JWT_PUBLIC_KEY_FILE=${publicFile}
JWT_GENERATE_KEYS=false`);
