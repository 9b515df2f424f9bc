const pad = (n: number): string => String(n).padStart(2, '0');

/** A naive Date (UTC fields = wall clock) with no time of day, shown as a date alone. */
export function isMidnight(date: Date): boolean {
  return date.getUTCHours() === 0 && date.getUTCMinutes() === 0 && date.getUTCSeconds() === 0;
}

/** `YYYY-MM-DD`, or `YYYY-MM-DD HH:MM:SS` when there is a time of day: what a result file shows as text. */
export function dateText(date: Date): string {
  const day = `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
  return isMidnight(date) ? day : `${day} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
}
