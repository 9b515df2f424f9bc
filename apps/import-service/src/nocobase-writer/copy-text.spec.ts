import { copyLine, copyValue } from './copy-text';

describe('COPY text encoding', () => {
  it('escapes what COPY text reads specially and writes every value type', () => {
    expect(copyValue('a\tb\nc\rd\\e')).toBe('a\\tb\\nc\\rd\\\\e');
    expect(copyValue('\\N')).toBe('\\\\N');
    expect([copyValue(null), copyValue(undefined), copyValue(true), copyValue(false), copyValue(0.1), copyValue('12.30')]).toEqual(['\\N', '\\N', 't', 'f', '0.1', '12.30']);
    expect(copyValue(new Date('2024-01-02T03:04:05.678Z'))).toBe('2024-01-02T03:04:05.678Z');
    expect(copyValue(['eco', 'say "hi"\\'])).toBe('["eco","say \\\\"hi\\\\"\\\\\\\\"]');
    expect(copyLine(['1', null, 'x'])).toBe('1\t\\N\tx\n');
  });
});
