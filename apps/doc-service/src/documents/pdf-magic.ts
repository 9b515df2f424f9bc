const SIGNATURES: [string, Buffer][] = [
  ['a zip archive, e.g. a Word or Excel file', Buffer.from('PK\x03\x04', 'latin1')],
  ['a PNG image', Buffer.from('\x89PNG', 'latin1')],
  ['a JPEG image', Buffer.from([0xff, 0xd8, 0xff])],
  ['a GIF image', Buffer.from('GIF8', 'latin1')],
  ['an old Office document', Buffer.from([0xd0, 0xcf, 0x11, 0xe0])],
];

/** Readers accept `%PDF-` anywhere in the first 1024 bytes (some writers put junk before it). */
export function isPdfStart(head: Buffer): boolean {
  return head.subarray(0, 1024).includes('%PDF-');
}

/** What the bytes look like instead, for the error message. */
export function describeStart(head: Buffer): string {
  const known = SIGNATURES.find(([, magic]) => head.subarray(0, magic.length).equals(magic));
  if (known) return `it is ${known[0]}`;
  const printable = head.subarray(0, 8).toString('latin1').replace(/[^\x20-\x7e]/g, '.');
  return `it starts with "${printable}"`;
}
