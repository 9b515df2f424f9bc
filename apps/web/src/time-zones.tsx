'use client';

/** Every zone the browser knows, and UTC (which it may list only as Etc/UTC): offered as a zone is typed, "Berlin" finding Europe/Berlin. */
const TIME_ZONES = ['UTC', ...(typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone').filter((zone) => zone !== 'UTC') : [])];

/** The zones as a datalist for an input's `list`. */
export function TimeZoneList({ id }: { id: string }) {
  return <datalist id={id}>{TIME_ZONES.map((zone) => <option key={zone} value={zone} />)}</datalist>;
}
