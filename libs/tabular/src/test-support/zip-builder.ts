import zlib from 'node:zlib';

export interface ZipEntrySpec {
  name: string;
  data: Buffer | string;
  /** Deflate (default) or store. */
  method?: 'deflate' | 'store';
  /** Lie about the uncompressed size in both headers (zip-bomb tests). */
  declaredSize?: number;
  /** Already-deflated bytes to use instead of deflating `data` (for huge virtual entries). */
  compressed?: Buffer;
  /**
   * CRC and sizes after the data instead of in the local header (flag bit 3), as streaming writers
   * do: with or without the descriptor's signature, or zip64 (8-byte sizes, zip64 field in the header).
   */
  dataDescriptor?: 'signed' | 'unsigned' | 'zip64';
}

const DESCRIPTOR_SIGNATURE = 0x08074b50;

function dataDescriptor(kind: ZipEntrySpec['dataDescriptor'], crc: number, compressed: number, size: number): Buffer {
  if (kind === undefined) return Buffer.alloc(0);
  const descriptor = Buffer.alloc(kind === 'zip64' ? 24 : 16);
  descriptor.writeUInt32LE(DESCRIPTOR_SIGNATURE, 0);
  descriptor.writeUInt32LE(crc, 4);
  if (kind === 'zip64') {
    descriptor.writeBigUInt64LE(BigInt(compressed), 8);
    descriptor.writeBigUInt64LE(BigInt(size), 16);
  } else {
    descriptor.writeUInt32LE(compressed, 8);
    descriptor.writeUInt32LE(size, 12);
  }
  return kind === 'unsigned' ? descriptor.subarray(4) : descriptor;
}

/** The zip64 extra field a streaming writer puts in the local header, sizes still unknown (zero). */
const ZIP64_PLACEHOLDER = Buffer.from([0x01, 0x00, 0x10, 0x00, ...Buffer.alloc(16)]);

/**
 * Writes a zip by hand, so tests can make archives no zip library would: declared sizes that lie,
 * entries that are not a workbook, a 1,000:1 compressed entry built without holding it inflated,
 * data descriptors around chosen compressed bytes.
 */
export function buildZip(specs: ZipEntrySpec[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const spec of specs) {
    const data = typeof spec.data === 'string' ? Buffer.from(spec.data, 'utf8') : spec.data;
    const method = spec.method === 'store' ? 0 : 8;
    const body = spec.compressed ?? (method === 8 ? zlib.deflateRawSync(data) : data);
    const size = spec.declaredSize ?? data.length;
    const name = Buffer.from(spec.name, 'utf8');
    const deferred = spec.dataDescriptor !== undefined;
    const flags = deferred ? 0x0808 : 0x0800;
    const extra = spec.dataDescriptor === 'zip64' ? ZIP64_PLACEHOLDER : Buffer.alloc(0);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(extra.length ? 45 : 20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0x21, 12);
    if (!deferred) {
      local.writeUInt32LE(zlib.crc32(data), 14);
      local.writeUInt32LE(body.length, 18);
      local.writeUInt32LE(Math.min(size, 0xfffffffe), 22);
    }
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(extra.length, 28);
    const descriptor = dataDescriptor(spec.dataDescriptor, zlib.crc32(data), body.length, Math.min(size, 0xfffffffe));
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(zlib.crc32(data), 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(Math.min(size, 0xfffffffe), 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, extra, body, descriptor);
    centrals.push(central, name);
    offset += local.length + name.length + extra.length + body.length + descriptor.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(specs.length, 8);
  end.writeUInt16LE(specs.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** The smallest workbook exceljs reads: one sheet whose XML is `sheetXml` (inline strings). */
export function minimalWorkbook(sheetXml: string | { compressed: Buffer; declaredSize: number; data?: string }): ZipEntrySpec[] {
  const sheet: ZipEntrySpec =
    typeof sheetXml === 'string'
      ? { name: 'xl/worksheets/sheet1.xml', data: sheetXml }
      : { name: 'xl/worksheets/sheet1.xml', data: sheetXml.data ?? '', compressed: sheetXml.compressed, declaredSize: sheetXml.declaredSize };
  return [
    { name: '[Content_Types].xml', data: '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>' },
    {
      name: 'xl/workbook.xml',
      data: `<?xml version="1.0"?><workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    },
    sheet,
  ];
}

/** Sheet XML with inline-string rows. */
export function sheetXml(rows: string[][]): string {
  const cells = (row: string[], r: number): string =>
    row.map((text, c) => `<c r="${String.fromCharCode(65 + c)}${r}" t="inlineStr"><is><t>${text}</t></is></c>`).join('');
  const body = rows.map((row, i) => `<row r="${i + 1}">${cells(row, i + 1)}</row>`).join('');
  return `<?xml version="1.0"?><worksheet xmlns="${MAIN}"><sheetData>${body}</sheetData></worksheet>`;
}
