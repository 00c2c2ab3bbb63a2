import { ApiError, badRequest, errorInfo } from '../api-error';

/**
 * Sync and page tokens are opaque to clients (Google's are base64 protobufs). Here they carry the book's epoch,
 * a change sequence, and the time of the full sync that started the chain: tokens expire 7 days after it.
 */
export const SYNC_TOKEN_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export interface SyncPoint { epoch: string; seq: number; origin: number }

function encode(prefix: string, payload: unknown): string {
  return prefix + Buffer.from(JSON.stringify(payload)).toString('base64url');
}

function decode(prefix: string, token: string, param: string): Record<string, unknown> {
  if (!token.startsWith(prefix)) throw badRequest(param, `Invalid ${param}.`);
  try {
    const value: unknown = JSON.parse(Buffer.from(token.slice(prefix.length), 'base64url').toString('utf8'));
    if (typeof value === 'object' && value !== null) return value as Record<string, unknown>;
  } catch {
    // fall through to the 400 below: a token a client mangled is an argument error, not a server one
  }
  throw badRequest(param, `Invalid ${param}.`);
}

export function encodeSyncToken(kind: 'people' | 'groups', p: SyncPoint): string {
  return encode(kind === 'people' ? 'EAS' : 'EAG', p);
}

export function decodeSyncToken(kind: 'people' | 'groups', token: string, epoch: string, now: number): SyncPoint {
  const v = decode(kind === 'people' ? 'EAS' : 'EAG', token, 'sync_token');
  if (v.epoch !== epoch || typeof v.seq !== 'number' || typeof v.origin !== 'number') {
    throw badRequest('sync_token', 'Sync token is invalid.');
  }
  if (now - v.origin > SYNC_TOKEN_TTL_MS) {
    // Live servers answer 400 FAILED_PRECONDITION with this ErrorInfo (older docs said 410 GONE).
    throw new ApiError('FAILED_PRECONDITION', 'Sync token is expired. Clear local cache and retry call without the sync token.',
      [errorInfo('EXPIRED_SYNC_TOKEN', 'people.googleapis.com')]);
  }
  return { epoch, seq: v.seq, origin: v.origin };
}

export function encodePageToken(payload: Record<string, unknown>): string {
  return encode('PT', payload);
}

export function decodePageToken(token: string): Record<string, unknown> {
  return decode('PT', token, 'page_token');
}

/** A numeric field of a decoded page token; a forged or truncated token is the client's error (400), not ours. */
export function tokenNumber(page: Record<string, unknown>, key: string): number {
  const v = page[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw badRequest('page_token', 'Invalid page_token.');
  return v;
}

/** Page tokens only continue the request that produced them: Google requires the other parameters to match. */
export function requireSameRequest(page: Record<string, unknown>, fingerprint: string): void {
  if (page.f !== fingerprint) {
    throw badRequest('page_token', 'Parameters provided with a page token do not match the original request.');
  }
}
