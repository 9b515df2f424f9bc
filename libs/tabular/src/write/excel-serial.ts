const DAY_MS = 86_400_000;
/** Serial of 1970-01-01 in Excel's 1900 date system. */
const UNIX_EPOCH_SERIAL = 25_569;
/** 1900-03-01: from here on a plain day count matches Excel's serials. */
const FIRST_TRUE_SERIAL_MS = Date.UTC(1900, 2, 1);
const FIRST_EXCEL_DAY_MS = Date.UTC(1900, 0, 1);
/** Excel shows nothing after 9999-12-31. */
const END_OF_EXCEL_MS = Date.UTC(10000, 0, 1);

/**
 * The Excel serial of a naive Date, or undefined when Excel cannot show the date (before 1900 or
 * after 9999). Mirrors xlsx/excel-date's reading: Excel counts a 1900-02-29 that never was, so
 * January and February 1900 are one serial lower than a plain day count gives.
 */
export function excelSerial(date: Date): number | undefined {
  const ms = date.getTime();
  if (!(ms >= FIRST_EXCEL_DAY_MS && ms < END_OF_EXCEL_MS)) return undefined;
  const serial = ms / DAY_MS + UNIX_EPOCH_SERIAL;
  return ms < FIRST_TRUE_SERIAL_MS ? serial - 1 : serial;
}
