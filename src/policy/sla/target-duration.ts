import type { BusinessCalendar } from '../calendar/index.js';
import type { TargetRule } from '../plan-schema.js';

const MS_PER_UNIT = { minutes: 60_000, hours: 3_600_000 } as const;

/** Business time a target allows, in ms; `businessDays` uses the calendar's standard open day. */
export function targetBusinessMs(rule: TargetRule, calendar: BusinessCalendar): number {
  const perUnit = rule.unit === 'businessDays' ? calendar.standardDayMs : MS_PER_UNIT[rule.unit];
  return Math.round(rule.amount * perUnit);
}

/** Warning point: the fraction of the business time, rounded to whole seconds like every due time. */
export function warningBusinessMs(businessMs: number, warningFraction: number): number {
  return Math.round((businessMs * warningFraction) / 1000) * 1000;
}
