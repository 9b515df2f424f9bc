import { XmlLengthGuard, type XmlSpot } from './xml-length-guard';

class Stopped extends Error {
  constructor(readonly spot: XmlSpot) {
    super('stopped');
  }
}

/** Scans `xml` in chunks of `size`; answers where the guard stopped, or null. */
function scan(xml: string, maxChars: number, size: number, element = 'row'): XmlSpot | null {
  const guard = new XmlLengthGuard(element, maxChars, (spot) => {
    throw new Stopped(spot);
  });
  try {
    for (let i = 0; i < xml.length; i += size) guard.scan(xml.slice(i, i + size));
    return null;
  } catch (error) {
    if (error instanceof Stopped) return error.spot;
    throw error;
  }
}

const SIZES = [1, 2, 3, 7, 64, 100_000];

describe('XmlLengthGuard', () => {
  // Markup a naive scan would misread: `>` in a quoted value, `</row>` in a comment, CDATA and an
  // instruction, a self-closing row, a prefixed element exceljs does not take for a row.
  const rows = [
    `<row r="1" x='a>b' y="c'd"><c r="A1" t="inlineStr"><is><t>one</t></is></c></row>`,
    `<row r="2"/>`,
    `<row r="3"><!-- </row> --><c r="B3"><v>3</v></c><?pi </row> ?><![CDATA[ </row> ]]></row>`,
    `<x:row r="4"><c r="A4"><v>4</v></c></x:row>`,
    `<row\n r="5"\n><c\n r="C5"><v>${'5'.repeat(200)}</v></c></row>`,
  ];
  const xml = `<?xml version="1.0"?><worksheet><sheetData>${rows.join('\n')}</sheetData></worksheet>`;
  const longest = rows[4].length;

  it.each(SIZES)('lets through rows as long as the limit, however the text is chunked (%i)', (size) => {
    expect(scan(xml, longest, size)).toBeNull();
  });

  it.each(SIZES)('stops in the first row longer than the limit, naming its last cell (chunks of %i)', (size) => {
    expect(scan(xml, rows[4].length - 1, size)).toEqual({ inElement: true, index: 3, ref: '5', cellRef: 'C5' });
    expect(scan(xml.replace(rows[0], ''), rows[2].length - 1, size)).toEqual({ inElement: true, index: 1, ref: '3', cellRef: 'B3' });
  });

  it('stops as soon as the limit is passed, not at the end of the row', () => {
    const huge = `<sheetData><row r="2"><c r="A2" t="inlineStr"><is><t>${'ACGT'.repeat(250_000)}</t></is></c></row></sheetData>`;
    const guard = new XmlLengthGuard('row', 10_000, (spot) => {
      throw new Stopped(spot);
    });
    let scanned = 0;
    const stopped = (): XmlSpot => {
      for (let i = 0; i < huge.length; i += 4096) {
        scanned += 4096;
        try {
          guard.scan(huge.slice(i, i + 4096));
        } catch (error) {
          return (error as Stopped).spot;
        }
      }
      throw new Error('not stopped');
    };
    expect(stopped()).toEqual({ inElement: true, index: 0, ref: '2', cellRef: 'A2' });
    expect(scanned).toBeLessThanOrEqual(10_000 + 2 * 4096);
  });

  it('bounds every stretch between the elements, where a row that is not one (x:row) counts too', () => {
    const between = `<sst><si><t>a</t></si><!--${'-'.repeat(10)}x${' '.repeat(100)}--><si><t>b</t></si></sst>`;
    for (const size of SIZES) {
      expect(scan(between, 100, size, 'si')).toEqual({ inElement: false, index: 0, ref: undefined, cellRef: undefined });
      expect(scan(between, 120, size, 'si')).toBeNull();
    }
    const prefixed = `<sheetData><x:row r="4"><c r="A4"><v>${'4'.repeat(200)}</v></c></x:row></sheetData>`;
    expect(scan(prefixed, 150, 64)).toEqual({ inElement: false, index: -1, ref: undefined, cellRef: undefined });
  });
});
