import Papa from 'papaparse';
import type { CsvDialect } from '../table-types';

export type SniffedDialect = Pick<CsvDialect, 'delimiter' | 'newline' | 'sepLine'>;

export const DELIMITER_CANDIDATES = [',', ';', '\t', '|'] as const;

/** Records compared when sniffing; enough to see past a title line or two. */
const SAMPLE_RECORDS = 50;
/** Share of records that must agree on a field count for a delimiter to count as consistent. */
const CONSISTENT = 0.8;

/** The first line break outside quotes decides the newline for the whole file, as Excel does. */
function sniffNewline(text: string): CsvDialect['newline'] {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === '\n') return '\n';
    else if (!quoted && c === '\r') return text[i + 1] === '\n' ? '\r\n' : text[i + 1] === undefined ? '\r\n' : '\r';
  }
  return '\n';
}

interface Score {
  delimiter: string;
  consistency: number;
  fields: number;
}

function score(text: string, delimiter: string, newline: CsvDialect['newline'], complete: boolean): Score {
  const parser = new Papa.Parser({ delimiter, newline, preview: SAMPLE_RECORDS });
  const rows = (parser.parse(text, 0, !complete) as { data: string[][] }).data.filter(
    (row) => !(row.length === 1 && row[0].trim() === ''),
  );
  const counts = new Map<number, number>();
  for (const row of rows) counts.set(row.length, (counts.get(row.length) ?? 0) + 1);
  let fields = 1;
  let agreeing = 0;
  for (const [count, rowsWithCount] of counts) {
    if (rowsWithCount > agreeing || (rowsWithCount === agreeing && count > fields)) [fields, agreeing] = [count, rowsWithCount];
  }
  return { delimiter, consistency: rows.length ? agreeing / rows.length : 0, fields };
}

/**
 * Finds the delimiter among `, ; tab |` by the consistency of field counts across the first records
 * (quotes respected, since papaparse does the splitting): consistent candidates win by number of
 * fields, so `;` beats the `,` of decimal commas; otherwise the most consistent one wins. A file with
 * no candidate at all is one column, read with `,`. Excel's `sep=;` first line overrides sniffing.
 * `text` is the decoded start of the file; `complete` says whether it is the whole file.
 */
export function sniffDialect(text: string, complete: boolean, delimiterOverride?: string): SniffedDialect {
  const sep = /^sep=(.)(\r\n|\n|\r|$)/i.exec(text);
  const body = sep ? text.slice(sep[0].length) : text;
  const newline = sniffNewline(body);
  if (delimiterOverride !== undefined) return { delimiter: delimiterOverride, newline, sepLine: Boolean(sep) };
  if (sep) return { delimiter: sep[1], newline, sepLine: true };

  const hasFullRecord = complete || body.includes(newline);
  const scores = DELIMITER_CANDIDATES.map((delimiter) => score(body, delimiter, newline, complete || !hasFullRecord)).filter(
    (candidate) => candidate.fields > 1,
  );
  const consistent = scores.filter((candidate) => candidate.consistency >= CONSISTENT);
  const ranked = consistent.length
    ? consistent.sort((a, b) => b.fields - a.fields)
    : scores.sort((a, b) => b.consistency - a.consistency || b.fields - a.fields);
  return { delimiter: ranked[0]?.delimiter ?? ',', newline, sepLine: false };
}
