/**
 * Watches the Date header of Google's answers to keep the estimate of Google's clock against the CRM's
 * (src/core/clock-offset.ts does the estimating): the gateway's `clockOffsetMs()`.
 */
import { marginOf, narrowOffset, offsetOf, type OffsetBounds } from '../core/clock-offset';

/** An answer's headers as googleapis hands them: fetch Headers (gaxios 7) or a plain object. */
type AnswerHeaders = { get(name: string): string | null } | Record<string, unknown> | undefined;

export class ClockWatch {
  private bounds: OffsetBounds | null = null;

  observe(headers: AnswerHeaders, sentMs: number, receivedMs: number): void {
    const date = dateHeader(headers);
    const serverDateMs = Date.parse(date ?? '');
    if (Number.isNaN(serverDateMs)) return;
    this.bounds = narrowOffset(this.bounds, { sentMs, receivedMs, serverDateMs });
  }

  offsetMs(): number {
    return offsetOf(this.bounds);
  }

  marginMs(): number {
    return marginOf(this.bounds);
  }
}

function dateHeader(headers: AnswerHeaders): string | null {
  if (!headers) return null;
  if (typeof headers.get === 'function') return (headers as { get(name: string): string | null }).get('date');
  const value = (headers as Record<string, unknown>).date;
  return typeof value === 'string' ? value : null;
}
