import { assertObjectPrefix, MAX_FILE_NAME_CHARS, safeFileName, safeObjectKey } from './object-key';
import { InvalidObjectKeyError } from './storage-errors';

describe('safeObjectKey', () => {
  it('joins parts with "/"', () => {
    expect(safeObjectKey('imports', 'job-1', 'original', 'Bestellungen_März.xlsx')).toBe('imports/job-1/original/Bestellungen_März.xlsx');
    expect(safeObjectKey('documents/u1', 'd1.pdf')).toBe('documents/u1/d1.pdf');
  });

  it.each([
    ['../x', '".." segment'],
    ['a/../b', '".." segment'],
    ['a/./b', '"." segment'],
    ['/abs', 'leading "/"'],
    ['a\\b', 'backslash'],
    ['a\u0000b', 'control character'],
    ['a\nb', 'control character'],
    ['a\u007fb', 'control character'],
    ['a//b', 'empty segment'],
    ['a/', 'empty segment'],
    ['', 'empty'],
  ])('rejects %j (%s)', (bad, reason) => {
    expect(() => safeObjectKey(bad)).toThrow(InvalidObjectKeyError);
    expect(() => safeObjectKey(bad)).toThrow(reason);
  });

  it('rejects an empty part, which would leave an empty segment', () => {
    expect(() => safeObjectKey('imports', '', 'x')).toThrow(InvalidObjectKeyError);
  });

  it('allows a name that merely contains two dots', () => {
    expect(safeObjectKey('a..b', '..c')).toBe('a..b/..c');
  });

  it('limits keys to 1024 bytes of UTF-8, not 1024 characters', () => {
    expect(safeObjectKey('a'.repeat(1024))).toHaveLength(1024);
    expect(() => safeObjectKey('a'.repeat(1025))).toThrow('longer than 1024 bytes');
    expect(() => safeObjectKey('é'.repeat(513))).toThrow('longer than 1024 bytes');
  });
});

describe('assertObjectPrefix', () => {
  it('accepts a folder prefix with a trailing "/" and a partial name', () => {
    expect(() => assertObjectPrefix('imports/job-1/')).not.toThrow();
    expect(() => assertObjectPrefix('imports/job-1')).not.toThrow();
  });

  it.each(['', '/', '../', '/imports/', 'a//', 'a\\'])('rejects %j', (bad) => {
    expect(() => assertObjectPrefix(bad)).toThrow(InvalidObjectKeyError);
  });
});

describe('safeFileName', () => {
  it.each([
    ['Bestellungen März 2024.xlsx', 'Bestellungen_März_2024.xlsx'],
    ['façade (final) #2!.pdf', 'façade_final_2_.pdf'],
    ['report-v1.2_draft.csv', 'report-v1.2_draft.csv'],
    ['C:\\Users\\anna\\Desktop\\data.csv', 'data.csv'],
    ['../../etc/passwd', 'passwd'],
    ['..', 'file'],
    ['.env', 'file.env'],
    ['...hidden.txt', 'hidden.txt'],
    ['', 'file'],
    ['???', '_'],
    ['a\u0000b\r\n.csv', 'a_b_.csv'],
    ['Mu\u0308ller.csv', 'Müller.csv'],
    ['漢字データ.xlsx', '漢字データ.xlsx'],
  ])('%j becomes %j', (input, expected) => {
    expect(safeFileName(input)).toBe(expected);
  });

  it('caps the length at 200 characters and keeps the extension', () => {
    const name = safeFileName(`${'x'.repeat(500)}.xlsx`);
    expect(name).toHaveLength(MAX_FILE_NAME_CHARS);
    expect(name.endsWith('x.xlsx')).toBe(true);
  });

  it('never cuts a character outside the BMP in half', () => {
    const name = safeFileName(`${'𝔸'.repeat(300)}.txt`);
    expect(Array.from(name)).toHaveLength(MAX_FILE_NAME_CHARS);
    expect(name).toBe(`${'𝔸'.repeat(196)}.txt`);
  });

  it('always yields a valid key segment', () => {
    for (const input of ['..', '.', '/', '\\', '\u0000', ' ', '.. ..', 'a/b/..']) {
      expect(() => safeObjectKey('uploads', safeFileName(input))).not.toThrow();
    }
  });
});
