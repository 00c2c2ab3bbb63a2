/**
 * The cron lines of the pull's jobs, from the settings (module.json jobs "sync" and "reconcile"): the host's
 * scheduler speaks five-field UTC cron, the admin speaks "every N minutes" and "daily at HH:MM".
 */
import { GContactsError } from '../errors';

/**
 * Every `minutes` minutes. Cron steps restart each hour (or day), so an interval that does not divide it runs a
 * little early at the boundary ("*\/7" runs at :56 then :00): the nearest cron line, never a slower one.
 */
export function intervalCron(minutes: number): string {
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 1440) throw new GContactsError('BAD_INPUT', `the sync interval must be 1 to 1440 minutes, not ${minutes}`);
  if (minutes === 1) return '* * * * *';
  if (minutes < 60) return `*/${minutes} * * * *`;
  const hours = Math.round(minutes / 60);
  if (hours >= 24) return '0 0 * * *';
  return hours === 1 ? '0 * * * *' : `0 */${hours} * * *`;
}

/** Daily at `time` ("HH:MM", UTC like every host schedule). */
export function dailyCron(time: string): string {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!match) throw new GContactsError('BAD_INPUT', `the reconcile time must be HH:MM, not "${time}"`);
  return `${Number(match[2])} ${Number(match[1])} * * *`;
}
