import { DateTime } from 'luxon';
import { zoneOffsetMinutes } from '../calendar/zone-offset.js';

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/**
 * ISO 8601 with the zone's offset at seconds precision, e.g. 2026-11-27T10:00:00+01:00. With
 * `exact`, milliseconds are added when there are any (2026-11-27T10:00:00.250+01:00), so an
 * instant the daemon took from its clock reads back unchanged.
 */
export function isoInZone(epochMs: number, zone: string, exact = false): string {
  const offset = zoneOffsetMinutes(zone, epochMs);
  // Shifting by the offset and reading UTC fields gives the wall clock without Intl (hot in --batch).
  const local = new Date(epochMs + offset * 60_000);
  const year = local.getUTCFullYear();
  const abs = Math.abs(offset);
  const ms = local.getUTCMilliseconds();
  const millis = exact && ms !== 0 ? `.${String(ms).padStart(3, '0')}` : '';
  return (
    `${year < 0 || year > 9999 ? String(year) : String(year).padStart(4, '0')}-${pad2(local.getUTCMonth() + 1)}-${pad2(local.getUTCDate())}` +
    `T${pad2(local.getUTCHours())}:${pad2(local.getUTCMinutes())}:${pad2(local.getUTCSeconds())}` +
    millis +
    `${offset < 0 ? '-' : '+'}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`
  );
}

/** "Mon 24 Nov 2026 14:00" in the zone (seconds only when not zero). */
export function humanInZone(epochMs: number, zone: string, withYear = true): string {
  const dt = DateTime.fromMillis(epochMs, { zone });
  const time = dt.second === 0 ? 'HH:mm' : 'HH:mm:ss';
  return dt.toFormat(withYear ? `ccc d LLL yyyy ${time}` : `ccc d LLL ${time}`, { locale: 'en-GB' });
}

export function clockInZone(epochMs: number, zone: string): string {
  const dt = DateTime.fromMillis(epochMs, { zone });
  return dt.toFormat(dt.second === 0 ? 'HH:mm' : 'HH:mm:ss');
}

export function sameLocalDay(a: number, b: number, zone: string): boolean {
  return DateTime.fromMillis(a, { zone }).hasSame(DateTime.fromMillis(b, { zone }), 'day');
}

/** A local range: "Mon 24 Nov 14:00–16:00", or both ends in full when it spans days. */
export function rangeInZone(fromMs: number, toMs: number, zone: string): string {
  // An interval ending at midnight belongs to the day it closes, shown as 24:00.
  if (sameLocalDay(fromMs, toMs - 1, zone) && !sameLocalDay(fromMs, toMs, zone)) {
    return `${humanInZone(fromMs, zone, false)}–24:00`;
  }
  return sameLocalDay(fromMs, toMs, zone)
    ? `${humanInZone(fromMs, zone, false)}–${clockInZone(toMs, zone)}`
    : `${humanInZone(fromMs, zone, false)} – ${humanInZone(toMs, zone, false)}`;
}

/** Business durations as managers say them: "2h00", "96h00", "0h45", "1h36m30s". */
export function formatDuration(ms: number): string {
  const totalSeconds = Math.round(ms / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const base = `${hours}h${String(minutes).padStart(2, '0')}`;
  return seconds === 0 ? base : `${base}m${String(seconds).padStart(2, '0')}s`;
}
