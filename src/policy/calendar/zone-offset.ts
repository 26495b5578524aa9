import { IANAZone } from 'luxon';

/**
 * Luxon's offset lookup goes through Intl on every call, which dominated formatting in
 * `sla --batch`. Offsets are cached per UTC day: a day whose first and last instants share an
 * offset keeps it all day (tz data has no zone that switches and switches back within 24 h);
 * a switch day is cached per quarter hour, the granularity of every real transition.
 */
const DAY_MS = 86_400_000;
const QUARTER_HOUR_MS = 900_000;
const MAX_ENTRIES_PER_ZONE = 100_000;
const SWITCH_DAY = Number.NaN;

interface ZoneCache {
  zone: IANAZone;
  byDay: Map<number, number>;
  byQuarterHour: Map<number, number>;
}

const zones = new Map<string, ZoneCache>();

function cacheFor(zoneName: string): ZoneCache {
  let entry = zones.get(zoneName);
  if (!entry) {
    entry = { zone: IANAZone.create(zoneName), byDay: new Map(), byQuarterHour: new Map() };
    zones.set(zoneName, entry);
  }
  return entry;
}

function remember(map: Map<number, number>, key: number, value: number): void {
  if (map.size >= MAX_ENTRIES_PER_ZONE) map.clear();
  map.set(key, value);
}

/** Offset of `zone` from UTC at the instant, in minutes (e.g. 60 for CET). */
export function zoneOffsetMinutes(zoneName: string, epochMs: number): number {
  const cache = cacheFor(zoneName);
  const day = Math.floor(epochMs / DAY_MS);
  let dayOffset = cache.byDay.get(day);
  if (dayOffset === undefined) {
    const first = cache.zone.offset(day * DAY_MS);
    const last = cache.zone.offset((day + 1) * DAY_MS - 1);
    dayOffset = first === last ? first : SWITCH_DAY;
    remember(cache.byDay, day, dayOffset);
  }
  if (!Number.isNaN(dayOffset)) return dayOffset;
  const quarter = Math.floor(epochMs / QUARTER_HOUR_MS);
  let offset = cache.byQuarterHour.get(quarter);
  if (offset === undefined) {
    offset = cache.zone.offset(quarter * QUARTER_HOUR_MS);
    remember(cache.byQuarterHour, quarter, offset);
  }
  return offset;
}
