/** Longest entry name kept (zip allows 65,535 bytes; unpackers and file systems far less). */
const MAX_NAME_CHARS = 200;

/**
 * The name a document's file is saved under: as uploaded, ending in .pdf whatever it was uploaded
 * as ("poly.html" holding a PDF opens as a PDF, never as a page).
 */
export function pdfFileName(fileName: string): string {
  return /\.pdf$/i.test(fileName) ? fileName : `${fileName}.pdf`;
}

/**
 * Names for the files of one ZIP: each file's own name, made safe to unpack on any system (see
 * safeName) and unique within the archive whatever the case, as
 * "name (2).pdf" for the second file of that name, as file managers do.
 */
export class ArchiveNames {
  private readonly taken = new Set<string>();

  next(fileName: string): string {
    const safe = safeName(fileName);
    const dot = safe.lastIndexOf('.');
    const [stem, extension] = dot > 0 ? [safe.slice(0, dot), safe.slice(dot)] : [safe, ''];
    let name = safe;
    for (let n = 2; this.taken.has(name.toLowerCase()); n++) name = `${stem} (${n})${extension}`;
    this.taken.add(name.toLowerCase());
    return name;
  }
}

/**
 * Characters no file system takes (Windows refuses `< > : " | ? *`), folders, and what would hide
 * the file (a leading dot) or lose its end (trailing dots and spaces) replaced or dropped; at most
 * MAX_NAME_CHARS characters, the end (with the extension) kept, never half a character.
 */
function safeName(fileName: string): string {
  // eslint-disable-next-line no-control-regex
  const replaced = fileName.normalize('NFC').replace(/[\u0000-\u001f\u007f/\\:<>"|?*]/g, '_');
  const cleaned = Array.from(replaced.trim().replace(/^[.\s]+|[.\s]+$/g, ''))
    .slice(-MAX_NAME_CHARS)
    .join('')
    .replace(/^[.\s]+/, '');
  return cleaned || 'document.pdf';
}
