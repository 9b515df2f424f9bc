/** Which part comes first in dates written with two small numbers and a year. */
export type DateOrder = 'DMY' | 'MDY' | 'YMD';

export interface DateParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  hasTime: boolean;
  /** Minutes east of UTC when the text carries a zone (Z, +02:00); undefined for naive values. */
  offsetMinutes?: number;
}

const TIME = String.raw`(?:(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*([ap]\.?m\.?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?`;
const YEAR_FIRST = new RegExp(String.raw`^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})${TIME}$`, 'i');
const YEAR_LAST = new RegExp(String.raw`^(\d{1,2})([-/.])(\d{1,2})\2(\d{4})${TIME}$`, 'i');

/** A date-like text split into its numbers, before deciding which is the day. */
export interface DateShape {
  yearFirst: boolean;
  separator: string;
  /** First and second small numbers (month/day in some order), and the year. */
  a: number;
  b: number;
  year: number;
  time?: Omit<DateParts, 'year' | 'month' | 'day' | 'hasTime'>;
  /** True when the time part was present but impossible (25:00, 13 PM). */
  badTime: boolean;
}

function parseTime(groups: (string | undefined)[]): Pick<DateShape, 'time' | 'badTime'> {
  const [h, m, s, fraction, meridiem, zone] = groups;
  if (h === undefined) return { badTime: false };
  let hour = Number(h);
  const minute = Number(m);
  const second = s === undefined ? 0 : Number(s);
  if (meridiem) {
    if (hour < 1 || hour > 12) return { badTime: true };
    hour = (hour % 12) + (/^p/i.test(meridiem) ? 12 : 0);
  }
  if (hour > 23 || minute > 59 || second > 59) return { badTime: true };
  const millisecond = fraction === undefined ? 0 : Math.round(Number(`0.${fraction}`) * 1000);
  let offsetMinutes: number | undefined;
  if (zone) {
    const digits = zone.replace(':', '');
    offsetMinutes = zone === 'Z' || zone === 'z' ? 0 : (digits[0] === '-' ? -1 : 1) * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5) || 0));
  }
  return { time: { hour, minute, second, millisecond: Math.min(millisecond, 999), offsetMinutes }, badTime: false };
}

export function dateShape(text: string): DateShape | undefined {
  const trimmed = text.trim();
  const first = trimmed.charCodeAt(0);
  if (!(first >= 48 && first <= 57) || trimmed.length < 8) return undefined;
  let match = YEAR_FIRST.exec(trimmed);
  if (match) return { yearFirst: true, separator: match[2], year: Number(match[1]), a: Number(match[3]), b: Number(match[4]), ...parseTime(match.slice(5)) };
  match = YEAR_LAST.exec(trimmed);
  if (match) return { yearFirst: false, separator: match[2], year: Number(match[4]), a: Number(match[1]), b: Number(match[3]), ...parseTime(match.slice(5)) };
  return undefined;
}

export function isValidDate(year: number, month: number, day: number): boolean {
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return day <= days;
}

/** The calendar date a shape means under `order` (ignored for year-first text), if it exists. */
export function datePartsOf(shape: DateShape, order: DateOrder): DateParts | undefined {
  if (shape.badTime) return undefined;
  const [month, day] = shape.yearFirst || order !== 'DMY' ? [shape.a, shape.b] : [shape.b, shape.a];
  if (!isValidDate(shape.year, month, day)) return undefined;
  const time = shape.time ?? { hour: 0, minute: 0, second: 0, millisecond: 0, offsetMinutes: undefined };
  return { year: shape.year, month, day, ...time, hasTime: shape.time !== undefined };
}

/** Display pattern of a shape under an order, e.g. "DD/MM/YYYY HH:mm". */
export function datePattern(shape: DateShape, order: DateOrder): string {
  const s = shape.separator;
  const date = shape.yearFirst ? `YYYY${s}MM${s}DD` : order === 'MDY' ? `MM${s}DD${s}YYYY` : `DD${s}MM${s}YYYY`;
  if (!shape.time) return date;
  return `${date} HH:mm${shape.time.second || shape.time.millisecond ? ':ss' : ''}`;
}
