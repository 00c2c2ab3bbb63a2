/**
 * What the gateway refuses before sending anything: Google would answer 400 for the whole request anyway, and a
 * clear BAD_INPUT naming the limit is easier for an engine (and its author) than Google's message.
 */
import { GContactsError } from '../errors';
import type { Person } from './gateway';

export function within(operation: string, what: string, count: number, limit: number): void {
  if (count > limit) {
    throw new GContactsError('BAD_INPUT', `Google ${operation}: at most ${limit} ${what} per request, got ${count}`, { limit, count });
  }
}

export function fieldMask(operation: string, what: string, fields: readonly string[]): string {
  if (fields.length === 0) throw new GContactsError('BAD_INPUT', `Google ${operation}: ${what} must name at least one field`);
  return fields.join(',');
}

/** Without the etag Google answers 400, and with a stale one PRECONDITION: never overwrite blindly. */
export function requireEtag(operation: string, resourceName: string, p: Person): void {
  if (!p.etag && !p.metadata?.sources?.some((s) => s.etag)) {
    throw new GContactsError('BAD_INPUT', `Google ${operation}: ${resourceName} carries no etag`, { resourceName });
  }
}
