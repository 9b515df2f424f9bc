const DAY_MS = 86_400_000;
/** Serial of 1970-01-01 in Excel's 1900 date system. */
const UNIX_EPOCH_SERIAL = 25_569;
/** Serial 60 is 1900-02-29, a day Excel invents to stay compatible with Lotus 1-2-3. */
const FICTITIOUS_LEAP_DAY = 60;
const TIME_TOKENS = /[hs]/i;
const DATE_TOKENS = /[yd]/i;

/** A number format with hours or seconds but no year or day is a time of day or a duration. */
export function isTimeOnlyFormat(format: string | undefined): boolean {
  if (!format) return false;
  const tokens = format.replace(/\[[^\]]*]/g, (bracket) => (/^\[[hms]+]$/i.test(bracket) ? 'h' : '')).replace(/"[^"]*"|\\./g, '');
  return TIME_TOKENS.test(tokens) && !DATE_TOKENS.test(tokens);
}

export type ExcelDateResult = { value: Date | string } | { error: string };

const pad = (n: number): string => String(n).padStart(2, '0');

/** Formats a day fraction (or a duration in days) as H:MM:SS; hours may exceed 24 for durations. */
export function excelTime(serial: number): string {
  const totalSeconds = Math.round(serial * 86_400);
  const hours = Math.floor(totalSeconds / 3600);
  return `${pad(hours)}:${pad(Math.floor((totalSeconds % 3600) / 60))}:${pad(totalSeconds % 60)}`;
}

/**
 * Converts a date serial to a naive Date (UTC fields = what Excel shows), correcting Excel's 1900
 * leap-year bug: serials 1–59 are one day earlier than a plain day count gives (exceljs reads 59 as
 * 1900-02-27 instead of 1900-02-28), and serial 60 is a day that does not exist. Time-only formats
 * (and serials below 1, which are times on Excel's day "zero") become an `HH:MM:SS` string.
 */
export function excelSerialToValue(serial: number, format: string | undefined, date1904: boolean): ExcelDateResult {
  if (!Number.isFinite(serial)) return { error: 'the date is not a number' };
  if (isTimeOnlyFormat(format) || (serial >= 0 && serial < 1 && !date1904)) return { value: excelTime(serial) };
  if (date1904) return { value: new Date(Math.round((serial - UNIX_EPOCH_SERIAL + 1462) * DAY_MS)) };
  if (serial >= FICTITIOUS_LEAP_DAY && serial < FICTITIOUS_LEAP_DAY + 1) {
    return { error: "1900-02-29 does not exist (a leap-year bug kept by Excel); correct the date" };
  }
  const shift = serial < FICTITIOUS_LEAP_DAY ? 1 : 0;
  return { value: new Date(Math.round((serial - UNIX_EPOCH_SERIAL + shift) * DAY_MS)) };
}

/** The serial exceljs read, recovered from the Date it built with its own (uncorrected) formula. */
export function serialOfExceljsDate(date: Date, date1904: boolean): number {
  return date.getTime() / DAY_MS + UNIX_EPOCH_SERIAL - (date1904 ? 1462 : 0);
}
