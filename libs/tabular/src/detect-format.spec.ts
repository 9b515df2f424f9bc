import iconv from 'iconv-lite';
import zlib from 'node:zlib';
import { detectFormat } from './detect-format';
import { openTable } from './open-table';
import { bytesSource, rejection } from './test-support/sources';
import { buildZip } from './test-support/zip-builder';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');

describe('detectFormat', () => {
  it('takes text in any supported encoding as CSV', () => {
    expect(detectFormat(Buffer.from('a,b\n1,2\n'))).toEqual({ format: 'csv' });
    expect(detectFormat(Buffer.from('\ufeffa;b\n', 'utf8'))).toEqual({ format: 'csv' });
    expect(detectFormat(iconv.encode('nome;cidade\nJoão;São Paulo\n', 'win1252'))).toEqual({ format: 'csv' });
    expect(detectFormat(Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('a,b\n', 'utf-16le')]))).toEqual({ format: 'csv' });
    expect(detectFormat(iconv.encode('name,city\nAna,Lisboa\n', 'utf-16be'))).toEqual({ format: 'csv' });
  });

  it('takes any zip as an XLSX candidate, except OpenDocument files', () => {
    expect(detectFormat(buildZip([{ name: 'a.txt', data: 'x' }]))).toEqual({ format: 'xlsx' });
    const ods = buildZip([{ name: 'mimetype', data: 'application/vnd.oasis.opendocument.spreadsheet', method: 'store' }]);
    expect(detectFormat(ods)).toMatchObject({ format: 'unsupported', reason: expect.stringContaining('OpenDocument spreadsheet (.ods)') });
  });

  it('refuses legacy .xls with advice', () => {
    const ole = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(504)]);
    expect(detectFormat(ole)).toEqual({
      format: 'unsupported',
      code: 'UNSUPPORTED_FORMAT',
      reason: expect.stringMatching(/legacy Excel 97–2003 workbook \(\.xls\).*save it as \.xlsx/),
    });
  });

  it.each([
    ['a PNG image', PNG],
    ['a PDF document', Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj')],
    ['a gzip archive', zlib.gzipSync('a,b\n1,2\n')],
    ['a JPEG image', Buffer.from('ffd8ffe000104a464946', 'hex')],
  ])('names %s', (what, bytes) => {
    expect(detectFormat(bytes)).toEqual({ format: 'unsupported', code: 'UNSUPPORTED_FORMAT', reason: `the file is ${what}, not a spreadsheet or CSV file` });
  });

  it('refuses other binary data, HTML and XML, and says why', () => {
    expect(detectFormat(Buffer.from([1, 2, 3, 0, 5, 6, 7, 8]))).toMatchObject({ reason: expect.stringContaining('binary data') });
    expect(detectFormat(Buffer.from('\n<!DOCTYPE html><html><table>'))).toMatchObject({ reason: expect.stringContaining('an HTML page') });
    expect(detectFormat(Buffer.from('<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">'))).toMatchObject({
      reason: expect.stringContaining('Excel 2003 XML spreadsheet'),
    });
  });

  it('reports an empty file and UTF-32 text with their own codes', () => {
    expect(detectFormat(Buffer.alloc(0))).toEqual({ format: 'unsupported', code: 'EMPTY_FILE', reason: 'the file is empty' });
    expect(detectFormat(Buffer.from('fffe0000610000002c000000', 'hex'))).toMatchObject({ code: 'UNSUPPORTED_ENCODING' });
  });

  it('makes openTable refuse a PNG renamed .csv', async () => {
    const error = await rejection(openTable(bytesSource(PNG), { name: 'photo' }));
    expect(error).toMatchObject({ name: 'TabularError', code: 'UNSUPPORTED_FORMAT', message: 'the file is a PNG image, not a spreadsheet or CSV file' });
  });
});
