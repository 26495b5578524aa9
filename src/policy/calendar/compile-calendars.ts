import { IANAZone } from 'luxon';
import { BusinessCalendar } from './business-calendar.js';
import type { CalendarDefinition, CalendarDefinitions } from './calendar-schema.js';
import { holidayRules } from './holiday-rules.js';
import { type DayException, normaliseIntervals, type OpenDay } from './open-day.js';
import { MINUTE_MS, type MinuteRange, parseTimeRange, WEEKDAY_KEYS } from './wall-time.js';
import {
  ALWAYS_OPEN_PATTERN,
  standardDayMinutes,
  unionPattern,
  type WeeklyPattern,
  weeklyDayBuilder,
} from './weekly-days.js';

export type CompiledCalendars = ReadonlyMap<string, BusinessCalendar>;

function weeklyPatternOf(def: CalendarDefinition): WeeklyPattern {
  if (def.type === '24x7') return ALWAYS_OPEN_PATTERN;
  const weekly = def.weekly ?? {};
  return WEEKDAY_KEYS.map((key) =>
    (weekly[key] ?? []).map((text) => parseTimeRange(text)).filter((r): r is MinuteRange => r !== undefined),
  );
}

/** A union's day: the merged open intervals of its members' same local day. */
function unionDayBuilder(members: BusinessCalendar[]): (dayIndex: number) => OpenDay {
  return (index) => {
    const memberDays = members.map((m) => m.day(index));
    const first = memberDays[0]!;
    const { open, openMs } = normaliseIntervals(memberDays.flatMap((d) => [...d.open]));
    const day: OpenDay = { index, start: first.start, end: first.end, open, openMs };
    const exceptions = memberDays.map((d) => d.exception).filter((e): e is DayException => e !== undefined);
    if (exceptions.length > 0) {
      day.exception = {
        kind: exceptions.every((e) => e.kind === 'holiday') && openMs === 0 ? 'holiday' : 'halfDay',
        name: [...new Set(exceptions.map((e) => e.name))].join(' / '),
      };
    }
    return day;
  };
}

/**
 * Compiles every calendar of a policy (definitions already validated by the policy schema, which
 * rejects unknown members, cycles and mixed zones in unions).
 */
function compile(defs: CalendarDefinitions, policyZone: string): CompiledCalendars {
  const compiled = new Map<string, BusinessCalendar>();
  const patterns = new Map<string, WeeklyPattern>();
  const resolving = new Set<string>();

  const resolve = (name: string): BusinessCalendar => {
    const done = compiled.get(name);
    if (done) return done;
    const def = defs[name];
    if (!def) throw new Error(`unknown calendar "${name}"`);
    if (resolving.has(name)) throw new Error(`calendar "${name}" is part of its own union`);
    resolving.add(name);
    const zone = def.timezone ?? policyZone;
    let calendar: BusinessCalendar;
    if (def.union) {
      const members = def.union.map(resolve);
      const pattern = unionPattern(members.map((m) => patterns.get(m.name)!));
      patterns.set(name, pattern);
      const standardDayMs =
        (def.businessDayHours ?? 0) * 3_600_000 || standardDayMinutes(pattern) * MINUTE_MS;
      calendar = new BusinessCalendar(
        { name, zone, kind: 'union', standardDayMs, alwaysOpen: members.some((m) => m.alwaysOpen) },
        unionDayBuilder(members),
      );
    } else {
      const pattern = weeklyPatternOf(def);
      patterns.set(name, pattern);
      const standardDayMs =
        (def.businessDayHours ?? 0) * 3_600_000 || standardDayMinutes(pattern) * MINUTE_MS;
      const holidays = def.holidays ? holidayRules(def.holidays) : undefined;
      calendar = new BusinessCalendar(
        {
          name,
          zone,
          kind: def.type === '24x7' ? '24x7' : 'weekly',
          standardDayMs,
          alwaysOpen: def.type === '24x7' && holidays === undefined,
        },
        weeklyDayBuilder(IANAZone.create(zone), pattern, holidays),
      );
    }
    resolving.delete(name);
    compiled.set(name, calendar);
    return calendar;
  };

  for (const name of Object.keys(defs)) resolve(name);
  return compiled;
}

const byObject = new WeakMap<CalendarDefinitions, { zone: string; calendars: CompiledCalendars }>();
const byContent = new Map<string, CompiledCalendars>();
const MAX_CONTENT_ENTRIES = 256;

/**
 * Compiled calendars for a set of definitions, cached: by object identity for loaded policies,
 * and by content for plan snapshots, which arrive as fresh objects each time a case is read.
 */
export function compileCalendars(defs: CalendarDefinitions, policyZone: string): CompiledCalendars {
  const hit = byObject.get(defs);
  if (hit && hit.zone === policyZone) return hit.calendars;
  const key = `${policyZone}\n${JSON.stringify(defs)}`;
  let calendars = byContent.get(key);
  if (!calendars) {
    calendars = compile(defs, policyZone);
    if (byContent.size >= MAX_CONTENT_ENTRIES) byContent.clear();
    byContent.set(key, calendars);
  }
  byObject.set(defs, { zone: policyZone, calendars });
  return calendars;
}
