import { InvalidObjectKeyError } from './storage-errors';

/** S3's own limit; the filesystem adapter keeps to it too so keys move between backends. */
export const MAX_KEY_BYTES = 1024;
export const MAX_FILE_NAME_CHARS = 200;

// C0 controls and DEL: NUL truncates paths in C libraries, newlines forge log lines and headers.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

function check(key: string, allowTrailingSlash: boolean): void {
  const fail = (reason: string) => {
    throw new InvalidObjectKeyError(key, reason);
  };
  if (typeof key !== 'string' || key.length === 0) fail('empty');
  if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) fail(`longer than ${MAX_KEY_BYTES} bytes`);
  if (key.startsWith('/')) fail('leading "/"');
  if (key.includes('\\')) fail('backslash');
  if (CONTROL_CHARS.test(key)) fail('control character');
  const segments = key.split('/');
  if (allowTrailingSlash && segments.length > 1 && segments[segments.length - 1] === '') segments.pop();
  for (const segment of segments) {
    if (segment === '') fail('empty segment');
    // A filesystem resolves these; S3 would store them literally — either way the key lies.
    if (segment === '.' || segment === '..') fail(`"${segment}" segment`);
  }
}

/** Throws InvalidObjectKeyError unless `key` names one object inside the storage namespace. */
export function assertObjectKey(key: string): void {
  check(key, false);
}

/** Like assertObjectKey, but a prefix may end with "/" (everything under a folder). */
export function assertObjectPrefix(prefix: string): void {
  check(prefix, true);
}

/** Joins parts with "/" into a key, or throws InvalidObjectKeyError. */
export function safeObjectKey(...parts: string[]): string {
  const key = parts.join('/');
  assertObjectKey(key);
  return key;
}

const NOT_KEPT = /[^\p{L}\p{M}\p{Nd}._-]+/gu;
const EXTENSION = /^(.*)\.([\p{L}\p{Nd}]{1,16})$/u;

function truncate(text: string, maxChars: number): string {
  // By code point, so a letter outside the BMP is never cut in half.
  return Array.from(text).slice(0, maxChars).join('');
}

/**
 * Turns a user's upload name into a safe last key segment: letters (accents included), digits, ".",
 * "-" and "_" survive; every other run becomes one "_". Never empty, never "." or "..", at most 200
 * characters, and the extension survives truncation because formats are often guessed from it.
 */
export function safeFileName(name: string): string {
  // Browsers on Windows have sent full paths ("C:\\Users\\…\\file.csv"); keep the last segment.
  const base = String(name ?? '').normalize('NFC').split(/[/\\]/).pop() ?? '';
  const match = EXTENSION.exec(base);
  const ext = match ? match[2] : '';
  const stem = (match ? match[1] : base)
    .replace(NOT_KEPT, '_')
    // Leading dots would make hidden files, "." or "..".
    .replace(/^\.+/, '');
  const kept = truncate(stem || 'file', MAX_FILE_NAME_CHARS - (ext ? ext.length + 1 : 0));
  return ext ? `${kept}.${ext}` : kept;
}
