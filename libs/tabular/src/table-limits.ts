/**
 * Bounds that keep memory and time predictable whatever the file holds. Every reader enforces them
 * while streaming, so a hostile file fails fast instead of being parsed to the end.
 */
export interface TableLimits {
  /** Cells in any row (header or data). Excel's own maximum is 16,384. */
  maxColumns: number;
  /** Characters in one cell; longer cells become a row problem (CELL_TOO_LONG). Excel's maximum. */
  maxCellLength: number;
  /**
   * Characters (UTF-16 code units, counted after decoding) in one row, checked before the parser
   * builds it: in CSV a record (an unclosed quote would otherwise swallow the rest of the file); in
   * XLSX a row's XML as written, markup included, then the shared strings its cells refer to, and
   * each shared string. Past it the file is refused (ROW_TOO_LARGE) as soon as it is passed, so a
   * single cell of hundreds of millions of characters costs no more than this many.
   */
  maxRowChars: number;
  /** Data rows (after the header); unlimited when undefined. */
  maxRows?: number;
  /** XLSX: total uncompressed size of all zip entries. */
  maxUncompressedBytes: number;
  /** XLSX: uncompressed/compressed ratio allowed for entries larger than `ratioCheckMinBytes`. */
  maxCompressionRatio: number;
  ratioCheckMinBytes: number;
  /**
   * XLSX: uncompressed size of the shared-strings table. Any cell may point at any shared string, so
   * the whole table is kept while a sheet is read: in memory up to 32 MiB of text, on disk beyond.
   */
  maxSharedStringsBytes: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_LIMITS: Readonly<TableLimits> = Object.freeze({
  maxColumns: 2_000,
  maxCellLength: 32_767,
  maxRowChars: 4 * MiB,
  maxRows: undefined,
  maxUncompressedBytes: 2 * 1024 * MiB,
  maxCompressionRatio: 200,
  ratioCheckMinBytes: MiB,
  maxSharedStringsBytes: 256 * MiB,
});

export function resolveLimits(overrides: Partial<TableLimits> = {}): TableLimits {
  const limits = { ...DEFAULT_LIMITS };
  for (const [key, value] of Object.entries(overrides) as [keyof TableLimits, number | undefined][]) {
    if (value !== undefined) limits[key] = value;
  }
  return limits;
}
