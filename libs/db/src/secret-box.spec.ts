import { randomBytes } from 'node:crypto';
import { extendsMask, isMaskedSecret, maskSecret, SecretBox } from './secret-box';

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32).toString('base64'));

  it('round-trips, with a fresh IV each time', () => {
    const a = box.encrypt('s3cret-pässword');
    const b = box.encrypt('s3cret-pässword');
    expect(a).not.toBe(b);
    expect(a).not.toContain('s3cret');
    expect(box.decrypt(a)).toBe('s3cret-pässword');
  });

  it('refuses a tampered value and a value from another key', () => {
    const stored = box.encrypt('secret');
    const parts = stored.split(':');
    parts[3] = Buffer.from('xxxxxx').toString('base64url');
    expect(() => box.decrypt(parts.join(':'))).toThrow();
    expect(() => new SecretBox(randomBytes(32).toString('base64')).decrypt(stored)).toThrow();
  });

  it('refuses a key of the wrong size', () => {
    expect(() => new SecretBox(randomBytes(16).toString('base64'))).toThrow(/32 bytes/);
  });

  it('masks a long secret to its last four characters, a shorter one (a password) to the mask alone', () => {
    expect(maskSecret('sk-ant-abcdefghijkl-1')).toBe('••••kl-1');
    expect(maskSecret('abcdefghijkl')).toBe('••••');
    expect(maskSecret('abcdefghijklmnopqrs')).toBe('••••');
    expect(maskSecret('short')).toBe('••••');
    expect(maskSecret('pässwörd-with-a-key-🔑')).toBe('••••ey-🔑');
    expect(maskSecret('🔑🔑🔑🔑🔑🔑🔑🔑')).toBe('••••');
    expect(maskSecret(null)).toBeNull();
  });

  it('tells the mask sent back from a new secret typed after it', () => {
    // Whatever the secret ends with: emoji, accents, bullets of its own.
    for (const secret of ['abcdefghijkl', 'short', 'my-password-🔑', 'pässwörd-ção', 'sec•ret-a•b•']) {
      expect(isMaskedSecret(maskSecret(secret))).toBe(true);
      expect(extendsMask(maskSecret(secret))).toBe(false);
    }
    expect(isMaskedSecret('••••ijklsk-ant-new-key')).toBe(false);
    expect(extendsMask('••••ijklsk-ant-new-key')).toBe(true);
    expect(extendsMask('••••••••')).toBe(true);
    // A secret that merely holds a bullet elsewhere is a secret like any other.
    expect([isMaskedSecret('pass•word'), extendsMask('pass•word')]).toEqual([false, false]);
    expect([isMaskedSecret(null), extendsMask(undefined)]).toEqual([false, false]);
  });
});
