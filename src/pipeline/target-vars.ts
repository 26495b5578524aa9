import { DateTime } from 'luxon';
import type { TargetDue } from '../policy/sla.js';

/** How each target is named to people, in mails and alerts. */
export const TARGET_LABELS: Record<string, string> = {
  firstResponse: 'first response',
  resolution1: 'first-level resolution',
  resolution2: 'second-level resolution',
};

const UNIT_WORDS: Record<string, [string, string]> = {
  minutes: ['business minute', 'business minutes'],
  hours: ['business hour', 'business hours'],
  businessDays: ['business day', 'business days'],
};

export interface TargetVars {
  name: string;
  label: string;
  dueLocal: string;
  dueIso: string;
  inWords: string;
}

/** Due times as a customer reads them: in their own zone, with the promise in words. */
export function targetVars(
  targets: readonly TargetDue[],
  zone: string,
  calendarIs24x7: (c: string) => boolean,
  /** The reply's language: a Dutch reply names its due day in Dutch. */
  language = 'en',
): TargetVars[] {
  return targets.flatMap((t) => {
    if (t.due === null) return [];
    const due = DateTime.fromJSDate(t.due).setZone(zone);
    const [one, many] = UNIT_WORDS[t.unit] ?? [t.unit, t.unit];
    const unit = (t.amount === 1 ? one : many).replace(
      calendarIs24x7(t.calendar) ? 'business ' : '\u0000',
      '',
    );
    return [
      {
        name: t.name,
        label: TARGET_LABELS[t.name] ?? t.name,
        dueLocal: due
          .setLocale(language === 'en' ? 'en-GB' : language)
          .toFormat('cccc d LLLL yyyy, HH:mm ZZZZ'),
        dueIso: due.toISO({ suppressMilliseconds: true }) ?? t.due.toISOString(),
        inWords: `within ${t.amount} ${unit}`,
      },
    ];
  });
}
