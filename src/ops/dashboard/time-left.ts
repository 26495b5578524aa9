import type { Urgency } from './dashboard-data.js';

/** Red past the due time, amber past the warning instant, plain before. */
export function urgencyOf(due: Date | null, warnAt: Date | null, now: Date): Urgency {
  if (due === null) return 'none';
  if (due.getTime() <= now.getTime()) return 'overdue';
  if (warnAt !== null && warnAt.getTime() <= now.getTime()) return 'warning';
  return 'ok';
}

/** "2d 3h", "3h 05m", "12m", prefixed with "−" once past due ("overdue by" reads worse in a narrow column). */
export function formatTimeLeft(due: Date, now: Date): string {
  const ms = due.getTime() - now.getTime();
  const totalMinutes = Math.floor(Math.abs(ms) / 60_000);
  const days = Math.floor(totalMinutes / 1440);
  const hours = Math.floor((totalMinutes % 1440) / 60);
  const minutes = totalMinutes % 60;
  const text =
    days > 0
      ? `${days}d ${hours}h`
      : hours > 0
        ? `${hours}h ${String(minutes).padStart(2, '0')}m`
        : `${minutes}m`;
  return ms < 0 ? `−${text}` : text;
}
