/** Date ranges an accountant asks for by name ("last quarter's invoices"), in the browser's calendar. */
export const PERIODS = [
  ['this-month', 'This month'],
  ['last-month', 'Last month'],
  ['this-quarter', 'This quarter'],
  ['last-quarter', 'Last quarter'],
  ['this-year', 'This year'],
  ['last-year', 'Last year'],
] as const;

export type Period = (typeof PERIODS)[number][0];

/** yyyy-mm-dd of a local date, as a date input holds it. */
function dayText(date: Date): string {
  return [date.getFullYear(), String(date.getMonth() + 1).padStart(2, '0'), String(date.getDate()).padStart(2, '0')].join('-');
}

/** First and last day of `months` months from the month `start` (0-based, may be negative or past 11) of `year`. */
function span(year: number, start: number, months: number): { date_from: string; date_to: string } {
  return { date_from: dayText(new Date(year, start, 1)), date_to: dayText(new Date(year, start + months, 0)) };
}

export function periodDates(period: Period, today = new Date()): { date_from: string; date_to: string } {
  const year = today.getFullYear();
  const month = today.getMonth();
  const quarter = month - (month % 3);
  switch (period) {
    case 'this-month': return span(year, month, 1);
    case 'last-month': return span(year, month - 1, 1);
    case 'this-quarter': return span(year, quarter, 3);
    case 'last-quarter': return span(year, quarter - 3, 3);
    case 'this-year': return span(year, 0, 12);
    case 'last-year': return span(year - 1, 0, 12);
  }
}

/** The named period these dates are, if any: the choice shows it whether it was picked or typed. */
export function periodOf(dateFrom: string, dateTo: string, today = new Date()): Period | null {
  return PERIODS.map(([key]) => key).find((key) => {
    const dates = periodDates(key, today);
    return dates.date_from === dateFrom && dates.date_to === dateTo;
  }) ?? null;
}
