/**
 * How far Google's clock is from the CRM's, from the `Date` headers of Google's answers, so "newest wins" compares
 * update times on one clock: a CRM server whose clock is minutes off must not decide every conflict for one side.
 *
 * A Date header has one-second resolution and is stamped somewhere between the request leaving and the answer
 * arriving, so one answer bounds the offset (Google minus CRM) to [date - received, date + 1 s - sent]. Answers
 * are intersected, which narrows the bounds to well under a second after a few calls; bounds that no longer meet
 * mean a clock was stepped (NTP, an admin), and the estimate starts again from the newest answer.
 */
export interface ClockSample {
  /** CRM time when the request left and when the answer arrived (ms). */
  sentMs: number;
  receivedMs: number;
  /** Google's Date header (ms). */
  serverDateMs: number;
}

/** Google's clock minus the CRM's, in ms: somewhere in [low, high]. */
export interface OffsetBounds {
  low: number;
  high: number;
}

const DATE_RESOLUTION_MS = 1000;

export function sampleBounds(sample: ClockSample): OffsetBounds {
  return { low: sample.serverDateMs - sample.receivedMs, high: sample.serverDateMs + DATE_RESOLUTION_MS - sample.sentMs };
}

export function narrowOffset(current: OffsetBounds | null, sample: ClockSample): OffsetBounds {
  const next = sampleBounds(sample);
  if (!current) return next;
  const low = Math.max(current.low, next.low);
  const high = Math.min(current.high, next.high);
  return low <= high ? { low, high } : next;
}

/** The estimate: the middle of the bounds, 0 with no answer yet. */
export function offsetOf(bounds: OffsetBounds | null): number {
  return bounds ? Math.round((bounds.low + bounds.high) / 2) : 0;
}

/**
 * How far the estimate may be from the true offset (ms): half the bounds' width, 0 with no answer yet. Few answers,
 * all within one second, leave it near 500 ms: two edits closer than that cannot be told apart ("newest wins" takes
 * them as simultaneous).
 */
export function marginOf(bounds: OffsetBounds | null): number {
  return bounds ? Math.ceil((bounds.high - bounds.low) / 2) : 0;
}

/** A Google time (ISO) on the CRM's clock. */
export function onCrmClock(googleTime: string | null, offsetMs: number): string | null {
  const ms = Date.parse(googleTime ?? '');
  return Number.isNaN(ms) ? googleTime : new Date(ms - offsetMs).toISOString();
}
