const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    // Throws RangeError for an unknown zone: a configuration mistake, not a bad cell.
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** Offset of `timeZone` from UTC at `instant`, in milliseconds (positive east of Greenwich). */
function offsetAt(timeZone: string, instant: number): number {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(instant)) parts[part.type] = Number(part.value);
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return wall - (instant - (instant % 1000 + 1000) % 1000);
}

/**
 * The instant at which the wall clock in `timeZone` reads `wallClock` (given as UTC milliseconds of
 * those wall-clock fields). Two passes settle DST transitions; a wall time skipped by a spring-forward
 * gap lands an hour later, as most databases do.
 */
export function zonedWallClockToInstant(wallClock: number, timeZone: string): Date {
  if (timeZone === 'UTC') return new Date(wallClock);
  const first = offsetAt(timeZone, wallClock);
  const second = offsetAt(timeZone, wallClock - first);
  return new Date(wallClock - (first === second ? first : second));
}
