import type { Jwks } from '@intake/contracts';
import { createHash, createPrivateKey, createPublicKey, generateKeyPair, type KeyObject, randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { promisify } from 'node:util';

const generate = promisify(generateKeyPair);
export const MIN_KEY_BITS = 4096;

export interface SigningKeys {
  privateKey: KeyObject;
  kid: string;
  jwks: Jwks;
}

/** RFC 7638 thumbprint: the same key always gets the same `kid`, across restarts and replicas. */
function thumbprint(publicKey: KeyObject): string {
  const { e, n } = publicKey.export({ format: 'jwk' });
  return createHash('sha256').update(JSON.stringify({ e, kty: 'RSA', n })).digest('base64url');
}

/**
 * Writes a new pair atomically (temp file + rename): a crash leaves either no key or a whole one,
 * and a replica racing us gets EEXIST from the private key's link and loads the winner's.
 */
export async function generateKeyFiles(privateFile: string, publicFile: string): Promise<void> {
  const { privateKey, publicKey } = await generate('rsa', {
    modulusLength: MIN_KEY_BITS,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  await mkdir(dirname(privateFile), { recursive: true, mode: 0o700 });
  await mkdir(dirname(publicFile), { recursive: true });
  const suffix = `.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(privateFile + suffix, privateKey, { mode: 0o600 });
  try {
    await link(privateFile + suffix, privateFile); // fails with EEXIST instead of replacing
  } finally {
    await unlink(privateFile + suffix);
  }
  await writeFile(publicFile + suffix, publicKey, { mode: 0o644 });
  await rename(publicFile + suffix, publicFile);
}

export async function loadSigningKeys(privateFile: string, publicFile: string): Promise<SigningKeys> {
  const privateKey = createPrivateKey(await readFile(privateFile));
  // The public half is derived when its file is absent (e.g. only JWT_PRIVATE_KEY_FILE was given).
  const publicPem = await readFile(publicFile).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  const publicKey = publicPem ? createPublicKey(publicPem) : createPublicKey(privateKey);
  const bits = privateKey.asymmetricKeyDetails?.modulusLength ?? 0;
  if (privateKey.asymmetricKeyType !== 'rsa' || bits < MIN_KEY_BITS) {
    throw new Error(`${privateFile} must be an RSA key of at least ${MIN_KEY_BITS} bits (found ${privateKey.asymmetricKeyType} ${bits})`);
  }
  if (thumbprint(createPublicKey(privateKey)) !== thumbprint(publicKey)) {
    throw new Error(`${publicFile} is not the public half of ${privateFile}`);
  }
  const kid = thumbprint(publicKey);
  const { n, e } = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  return { privateKey, kid, jwks: { keys: [{ kty: 'RSA', kid, use: 'sig', alg: 'RS256', n, e }] } };
}
