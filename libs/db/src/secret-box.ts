import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1';

/**
 * AES-256-GCM for secrets we must store (target passwords, API keys). Each value gets a fresh IV;
 * the stored form `v1:<iv>:<tag>:<ciphertext>` (base64url) carries its version for key rotation.
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(keyBase64: string) {
    this.key = Buffer.from(keyBase64, 'base64');
    if (this.key.length !== 32) throw new Error('SECRETS_KEY must be 32 bytes, base64-encoded (openssl rand -base64 32)');
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), data].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join(':');
  }

  decrypt(stored: string): string {
    const [version, iv, tag, data] = stored.split(':');
    if (version !== VERSION || !iv || !tag || data === undefined) throw new Error('not a value encrypted by SecretBox');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  }
}

/** What every read shows in place of a secret, before its last four characters (alone when it is short or unreadable). */
export const SECRET_MASK = '••••';
/** The mask alone, or with a secret's last four characters (any but four more bullets): code points, as maskSecret cuts them. */
const MASKED = new RegExp(`^${SECRET_MASK}(?:(?!•{4}$).{4})?$`, 'u');

/** Secrets shorter than this show the mask alone: four characters of a 12-character password are a third of it. */
const TAIL_FROM_CHARS = 20;

/**
 * What a secret looks like on every read: the last four characters of a long one (an API key, told
 * from another by them), the mask alone for a shorter one such as a password; whole characters, so an
 * emoji is not cut in half.
 */
export function maskSecret(secret: string | null | undefined): string | null {
  if (!secret) return null;
  const chars = [...secret];
  return `${SECRET_MASK}${chars.length >= TAIL_FROM_CHARS ? chars.slice(-4).join('') : ''}`;
}

/** The mask as maskSecret shows it, sent back unchanged: it means "keep the stored secret". */
export function isMaskedSecret(value: string | null | undefined): boolean {
  return typeof value === 'string' && MASKED.test(value);
}

/**
 * A secret typed or pasted into the masked field without clearing it first ("••••abcd" and the new
 * key): neither the stored secret nor the new one, so it is refused rather than guessed at.
 */
export function extendsMask(value: string | null | undefined): boolean {
  return typeof value === 'string' && value.startsWith(SECRET_MASK) && !isMaskedSecret(value);
}
