import { posix } from 'node:path';
import { SaxesParser } from 'saxes';
import { formatBytes } from '../table/format-bytes';
import { TabularError } from '../tabular-error';
import type { TableLimits } from '../table-limits';
import { corruptZip, type ZipDirectory, type ZipEntry } from './zip-directory';

export interface ManifestSheet {
  name: string;
  index: number;
  hidden: boolean;
  /** Zip path of the worksheet XML. */
  path: string;
}

/** What the workbook says about itself: its worksheets, in order, and where its parts are. */
export interface WorkbookManifest {
  sheets: ManifestSheet[];
  date1904: boolean;
  sharedStringsPath?: string;
  stylesPath?: string;
}

export const WORKBOOK_PATH = 'xl/workbook.xml';
export const WORKBOOK_RELS_PATH = 'xl/_rels/workbook.xml.rels';
/** Parts this small are read whole; anything larger is not a real workbook part. */
const MAX_PART_BYTES = 32 * 1024 * 1024;
/** Whole reads of a shared-strings table at its largest that one pass over the workbook's sheets may make. */
const SHARED_STRINGS_READS = 8;

const OTHER_ZIPS: [string, string][] = [
  ['xl/workbook.bin', 'an Excel binary workbook (.xlsb), which is not supported; save it as .xlsx'],
  ['word/document.xml', 'a Word document, not a spreadsheet'],
  ['ppt/presentation.xml', 'a PowerPoint presentation, not a spreadsheet'],
];

function notAWorkbook(directory: ZipDirectory): TabularError {
  const other = OTHER_ZIPS.find(([path]) => directory.entries.has(path));
  const reason = other ? `the file is ${other[1]}` : 'the file is a zip archive, but not an XLSX workbook (no xl/workbook.xml)';
  return new TabularError('NOT_A_WORKBOOK', reason);
}

/**
 * Elements named `tag` (any namespace prefix) as attribute maps keyed by local name, a relationship
 * id as `r:id`. A real XML parser: linear in the part's size whatever its attributes hold (a pattern
 * over the text took seconds per few kilobytes of one long unquoted run), and a malformed part is a
 * damaged file.
 */
function elements(xml: string, part: string, ...tags: string[]): Map<string, Record<string, string>[]> {
  const found = new Map<string, Record<string, string>[]>(tags.map((tag) => [tag, []]));
  if (!xml) return found; // a part the workbook does without
  // Without namespace checks, as exceljs reads the parts: a generator's undeclared r: prefix is no damage.
  const parser = new SaxesParser();
  parser.on('opentag', (element) => {
    const list = found.get(localName(element.name));
    if (!list) return;
    const attributes: Record<string, string> = {};
    for (const [name, value] of Object.entries(element.attributes)) {
      const local = localName(name);
      const prefixed = local !== name;
      attributes[name.startsWith('r:') || (prefixed && local === 'id') ? `r:${local}` : local] = value;
    }
    list.push(attributes);
  });
  try {
    parser.write(xml).close();
  } catch (error) {
    throw new TabularError('CORRUPT_FILE', `the workbook is damaged: '${part}' is not well-formed XML (${(error as Error).message.slice(0, 200)}); open it in Excel and save it again`);
  }
  return found;
}

const localName = (name: string): string => name.slice(name.indexOf(':') + 1);

async function readPart(directory: ZipDirectory, entry: ZipEntry): Promise<string> {
  if (entry.uncompressedSize > MAX_PART_BYTES) throw new TabularError('ZIP_BOMB', `'${entry.name}' is implausibly large for a workbook part`);
  try {
    const stream = await directory.zip.openReadStreamPromise(entry.yauzlEntry);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  } catch (error) {
    // yauzl checks the inflated size against the declared one, so a lying header fails here.
    throw corruptZip(error);
  }
}

/** Resolves a relationship target against xl/ (targets are relative unless they start with /). */
function partPath(target: string): string {
  return target.startsWith('/') ? target.slice(1) : posix.normalize(posix.join('xl', target));
}

/**
 * Lists the worksheets from xl/workbook.xml and its relationships, so sheet names are known before
 * any row is read (exceljs only learns them while streaming). Chart sheets are left out.
 */
export async function readWorkbookManifest(directory: ZipDirectory, limits: TableLimits): Promise<WorkbookManifest> {
  const workbookEntry = directory.entries.get(WORKBOOK_PATH);
  if (!workbookEntry) throw notAWorkbook(directory);
  const workbook = await readPart(directory, workbookEntry);
  const relsEntry = directory.entries.get(WORKBOOK_RELS_PATH);
  const rels = relsEntry ? await readPart(directory, relsEntry) : '';

  const targets = new Map<string, { type: string; path: string }>();
  for (const rel of elements(rels, WORKBOOK_RELS_PATH, 'Relationship').get('Relationship') ?? []) {
    if (rel.Id && rel.Target) targets.set(rel.Id, { type: (rel.Type ?? '').split('/').pop() ?? '', path: partPath(rel.Target) });
  }
  const partOfType = (type: string, fallback: string): string | undefined => {
    const path = [...targets.values()].find((target) => target.type === type)?.path ?? fallback;
    return directory.entries.has(path) ? path : undefined;
  };

  const parts = elements(workbook, WORKBOOK_PATH, 'sheet', 'workbookPr');
  const sheets: ManifestSheet[] = [];
  for (const sheet of parts.get('sheet') ?? []) {
    const target = targets.get(sheet['r:id'] ?? '');
    if (!sheet.name || !target || target.type !== 'worksheet' || !directory.entries.has(target.path)) continue;
    sheets.push({ name: sheet.name, index: sheets.length, hidden: sheet.state === 'hidden' || sheet.state === 'veryHidden', path: target.path });
  }
  if (sheets.length === 0) throw new TabularError('EMPTY_FILE', 'the workbook has no worksheets');

  const workbookPr = parts.get('workbookPr')?.[0] ?? {};
  const manifest: WorkbookManifest = {
    sheets,
    date1904: workbookPr.date1904 === '1' || workbookPr.date1904 === 'true',
    sharedStringsPath: partOfType('sharedStrings', 'xl/sharedStrings.xml'),
    stylesPath: partOfType('styles', 'xl/styles.xml'),
  };
  const sharedStrings = manifest.sharedStringsPath && directory.entries.get(manifest.sharedStringsPath);
  if (sharedStrings && sharedStrings.uncompressedSize > limits.maxSharedStringsBytes) {
    throw new TabularError(
      'WORKBOOK_TOO_LARGE',
      `the workbook's shared text table is ${formatBytes(sharedStrings.uncompressedSize)}, more than the ${formatBytes(limits.maxSharedStringsBytes)} ` +
        'allowed; save the sheet as CSV (UTF-8) and upload that instead',
    );
  }
  // Each sheet read parses the whole table again: many sheets sharing a large one would take hours.
  const parsed = sharedStrings ? sharedStrings.uncompressedSize * sheets.length : 0;
  if (sharedStrings && parsed > SHARED_STRINGS_READS * limits.maxSharedStringsBytes) {
    throw new TabularError(
      'WORKBOOK_TOO_LARGE',
      `the workbook's ${sheets.length} sheets share a text table of ${formatBytes(sharedStrings.uncompressedSize)}, which each of them reads whole: ` +
        `${formatBytes(parsed)} in all, more than the ${formatBytes(SHARED_STRINGS_READS * limits.maxSharedStringsBytes)} allowed; ` +
        'upload the sheets you need in a workbook of their own, or as CSV (UTF-8)',
    );
  }
  // exceljs builds the whole style table in memory (about 5 bytes of heap per byte of XML): bounded
  // like the parts read here, far above Excel's own 64,000 cell formats (about 6 MB).
  const styles = manifest.stylesPath && directory.entries.get(manifest.stylesPath);
  if (styles && styles.uncompressedSize > MAX_PART_BYTES) {
    throw new TabularError(
      'WORKBOOK_TOO_LARGE',
      `the workbook's table of cell formats (${manifest.stylesPath}) is ${formatBytes(styles.uncompressedSize)}, more than the ${formatBytes(MAX_PART_BYTES)} allowed; ` +
        'save the sheet as CSV (UTF-8) and upload that instead',
    );
  }
  return manifest;
}
