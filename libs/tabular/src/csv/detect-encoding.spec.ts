import iconv from 'iconv-lite';
import { detectEncoding } from './detect-encoding';

describe('detectEncoding', () => {
  it('trusts a byte-order mark', () => {
    expect(detectEncoding(Buffer.from('\ufeffa,b', 'utf8'))).toEqual({ encoding: 'utf-8', source: 'bom', bomLength: 3 });
    expect(detectEncoding(Buffer.from('fffe6100', 'hex'))).toEqual({ encoding: 'utf-16le', source: 'bom', bomLength: 2 });
    expect(detectEncoding(Buffer.from('feff0061', 'hex'))).toEqual({ encoding: 'utf-16be', source: 'bom', bomLength: 2 });
  });

  it('takes valid UTF-8 as UTF-8, even when the sample cuts a character in half', () => {
    const text = Buffer.from('cidade\nSão Paulo', 'utf8');
    expect(detectEncoding(text.subarray(0, text.indexOf(0xc3) + 1))).toMatchObject({ encoding: 'utf-8', source: 'utf-8-valid' });
    expect(detectEncoding(Buffer.from('plain,ascii\n1,2\n'))).toMatchObject({ encoding: 'utf-8' });
  });

  it('recognises UTF-16 without a mark by its NUL bytes', () => {
    expect(detectEncoding(iconv.encode('name,city\nAna,Lisboa\n', 'utf-16le'))).toMatchObject({ encoding: 'utf-16le', source: 'utf-16-pattern' });
  });

  it('reads other 8-bit text as Windows-1252, saying whether chardet agreed', () => {
    const portuguese = iconv.encode('nome;cidade;ativo\nJosé;São Paulo;Não\n'.repeat(20), 'win1252');
    expect(detectEncoding(portuguese)).toEqual({ encoding: 'windows-1252', source: 'chardet', bomLength: 0 });
    const euro = iconv.encode('preço;descrição\n€ 10;ação “x”\n', 'win1252');
    expect(detectEncoding(euro).encoding).toBe('windows-1252');
    // Cyrillic is not supported by detection: it is still read as Windows-1252, flagged as a fallback
    // so the UI can ask the user to pick the encoding (the `encoding` option).
    const cyrillic = iconv.encode('имя,город\nИван,Москва\n'.repeat(20), 'win1251');
    expect(detectEncoding(cyrillic)).toEqual({ encoding: 'windows-1252', source: 'fallback', bomLength: 0 });
  });

  it('honours an override and refuses unknown or UTF-32 encodings', () => {
    expect(detectEncoding(Buffer.from('a'), 'latin1')).toEqual({ encoding: 'latin1', source: 'option', bomLength: 0 });
    expect(detectEncoding(Buffer.from('\ufeffa', 'utf8'), 'utf-8')).toMatchObject({ bomLength: 3 });
    expect(() => detectEncoding(Buffer.from('a'), 'klingon')).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_ENCODING' }));
    expect(() => detectEncoding(Buffer.from('0000feff00000061', 'hex'))).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_ENCODING' }));
  });
});
