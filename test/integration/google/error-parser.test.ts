import { expect } from 'chai';
import { parseFailure, toGContactsError, type Failure } from '../../../src/google/error-parser';

/**
 * Error shapes as googleapis/gaxios hand them over (recorded from the sandbox and from Google's documented envelope):
 * plain objects, since the parser reads errors by shape.
 */
const API = 'https://people.googleapis.com/v1/people:batchCreateContacts';
const TOKEN = 'https://oauth2.googleapis.com/token';
const NOW = Date.parse('2026-11-21T12:00:00Z');

function apiError(status: number, error: Record<string, unknown> | string, headers: Record<string, string> = {}, url = API) {
  return { message: 'failed', config: { url: new URL(url) }, response: { status, headers: new Headers(headers), data: { error } } };
}
const envelope = (code: number, status: string, message: string, details?: unknown[]) => ({ code, status, message, ...(details ? { details } : {}) });
const errorInfo = (reason: string) => ({ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason, domain: 'googleapis.com' });
const networkError = (code: string, url = API) => ({ message: `request to ${url} failed, reason: x`, code, config: { url }, cause: { name: 'FetchError', code } });
const timeoutError = (url = API) => ({ message: 'The operation was aborted.', config: { url }, cause: { name: 'AbortError' } });

const parse = (e: unknown): Failure => parseFailure(e, { nowMs: NOW, tokenUrl: TOKEN });
const named = (e: unknown, ambiguous = false, resourceName?: string) => toGContactsError(parse(e), { operation: 'op', ambiguous, resourceName });

describe('google unit: error parser', () => {
  describe('parseFailure', () => {
    it('reads the envelope: status, Google status, ErrorInfo reason, message', () => {
      const f = parse(apiError(400, envelope(400, 'FAILED_PRECONDITION', 'Sync token is expired.', [{ '@type': 'x.BadRequest' }, errorInfo('EXPIRED_SYNC_TOKEN')])));
      expect(f).to.deep.include({ kind: 'http', httpStatus: 400, googleStatus: 'FAILED_PRECONDITION', reason: 'EXPIRED_SYNC_TOKEN', message: 'Sync token is expired.', applied: 'no', transient: false });
    });

    it('429 is transient and surely not applied; Retry-After is read from a Headers object or a plain one', () => {
      expect(parse(apiError(429, envelope(429, 'RESOURCE_EXHAUSTED', 'quota'), { 'Retry-After': '5' }))).to.deep.include({ transient: true, applied: 'no', retryAfterMs: 5000 });
      const plain = { ...apiError(429, envelope(429, 'RESOURCE_EXHAUSTED', 'quota')), response: { status: 429, headers: { 'retry-after': '2' }, data: {} } };
      expect(parse(plain).retryAfterMs).to.equal(2000);
    });

    it('5xx from the API may have been applied; from the token endpoint it was not (the call never left)', () => {
      expect(parse(apiError(503, envelope(503, 'UNAVAILABLE', 'down')))).to.deep.include({ kind: 'http', transient: true, applied: 'maybe' });
      expect(parse(apiError(503, envelope(503, 'UNAVAILABLE', 'down'), {}, TOKEN))).to.deep.include({ kind: 'token', transient: true, applied: 'no' });
    });

    it('timeouts and resets may have been applied; a refused connection was not', () => {
      expect(parse(timeoutError())).to.deep.include({ kind: 'timeout', transient: true, applied: 'maybe' });
      expect(parse({ message: 'x', code: 'TimeoutError', config: { url: API } })).to.deep.include({ kind: 'timeout' });
      expect(parse(networkError('ECONNRESET'))).to.deep.include({ kind: 'network', applied: 'maybe', message: 'ECONNRESET' });
      expect(parse(networkError('ECONNREFUSED'))).to.deep.include({ kind: 'network', applied: 'no' });
      expect(parse(timeoutError(TOKEN))).to.deep.include({ kind: 'timeout', applied: 'no' });
    });

    it('reads the OAuth error of the token endpoint, and google-auth-library\'s missing-token error', () => {
      expect(parse(apiError(400, 'invalid_grant', {}, TOKEN))).to.deep.include({ kind: 'token', googleStatus: 'invalid_grant', transient: false });
      expect(parse(new Error('No refresh token is set.'))).to.deep.include({ kind: 'token', transient: false });
    });

    it('a call the client library refused before sending is a bug on our side: INTERNAL, never retried', () => {
      const f = parse(new Error('Missing required parameters: resourceName'));
      expect(f).to.deep.include({ kind: 'client', transient: false, applied: 'no' });
      expect(toGContactsError(f, { operation: 'get', ambiguous: false }).code).to.equal('INTERNAL');
      expect(parse({ message: 'fetch failed', config: { url: API }, cause: new TypeError('fetch failed') })).to.deep.include({ kind: 'network' });
    });

    it('keeps URLs (which may carry a token) out of network messages', () => {
      const f = parse(networkError('ECONNREFUSED', 'https://oauth2.googleapis.com/revoke?token=1//secret'));
      expect(f.message).to.equal('ECONNREFUSED');
    });
  });

  describe('toGContactsError: the gateway.ts table', () => {
    it('401, invalid_grant, a missing token and a missing scope are GOOGLE_AUTH reconnect', () => {
      expect(named(apiError(401, envelope(401, 'UNAUTHENTICATED', 'bad')))).to.deep.include({ code: 'GOOGLE_AUTH', details: { reconnect: true } });
      expect(named(apiError(400, 'invalid_grant', {}, TOKEN))).to.deep.include({ code: 'GOOGLE_AUTH', details: { reconnect: true } });
      expect(named(new Error('No refresh token is set.'))).to.deep.include({ code: 'GOOGLE_AUTH', details: { reconnect: true } });
      const scope = named(apiError(403, envelope(403, 'PERMISSION_DENIED', 'scopes', [errorInfo('ACCESS_TOKEN_SCOPE_INSUFFICIENT')])));
      expect(scope).to.deep.include({ code: 'GOOGLE_AUTH', details: { reconnect: true, reason: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT' } });
    });

    it('a client id or secret Google refuses is CONFIG: reconnecting would not help', () => {
      expect(named(apiError(401, 'invalid_client', {}, TOKEN)).code).to.equal('CONFIG');
    });

    it('429 is RATE_LIMITED with Retry-After, or a minute without it', () => {
      expect(named(apiError(429, envelope(429, 'RESOURCE_EXHAUSTED', 'q'), { 'retry-after': '3' })).details).to.deep.equal({ retryAfterMs: 3000 });
      expect(named(apiError(429, envelope(429, 'RESOURCE_EXHAUSTED', 'q'))).details).to.deep.equal({ retryAfterMs: 60_000 });
    });

    it('5xx, timeouts and dropped connections are GOOGLE_UNAVAILABLE with the ambiguity the runner determined', () => {
      expect(named(apiError(500, envelope(500, 'INTERNAL', 'x')), true)).to.deep.include({ code: 'GOOGLE_UNAVAILABLE', details: { ambiguous: true } });
      expect(named(timeoutError(), false)).to.deep.include({ code: 'GOOGLE_UNAVAILABLE', details: { ambiguous: false } });
      expect(named(networkError('ECONNRESET'), true).message).to.contain('ECONNRESET');
    });

    it('FAILED_PRECONDITION: ErrorInfo reason, ETAG from the stale-etag message, else the status; 410 is an expired sync token', () => {
      expect(named(apiError(400, envelope(400, 'FAILED_PRECONDITION', 'x', [errorInfo('EXPIRED_SYNC_TOKEN')]))).details).to.deep.equal({ reason: 'EXPIRED_SYNC_TOKEN' });
      const stale = 'Request person.etag is different than the current person.etag. Clear local cache and get the latest person.';
      expect(named(apiError(400, envelope(400, 'FAILED_PRECONDITION', stale)))).to.deep.include({ code: 'PRECONDITION', details: { reason: 'ETAG' } });
      expect(named(apiError(400, envelope(400, 'FAILED_PRECONDITION', 'A contact must keep at least one contact group membership.'))).details)
        .to.deep.equal({ reason: 'FAILED_PRECONDITION' });
      expect(named(apiError(410, envelope(410, 'GONE', 'Sync token expired')))).to.deep.include({ code: 'PRECONDITION', details: { reason: 'EXPIRED_SYNC_TOKEN' } });
    });

    it('404 is NOT_FOUND with the resource name, 409 CONFLICT; ambiguity rides along when an earlier attempt may have applied', () => {
      expect(named(apiError(404, envelope(404, 'NOT_FOUND', 'gone')), false, 'people/c1')).to.deep.include({ code: 'NOT_FOUND', details: { resourceName: 'people/c1' } });
      expect(named(apiError(404, envelope(404, 'NOT_FOUND', 'gone')), true, 'people/c1').details).to.deep.equal({ resourceName: 'people/c1', ambiguous: true });
      expect(named(apiError(409, envelope(409, 'ALREADY_EXISTS', 'dup')))).to.deep.include({ code: 'CONFLICT', details: {} });
    });

    it('anything else is GOOGLE_ERROR with status, Google status and reason', () => {
      const e = named(apiError(400, envelope(400, 'INVALID_ARGUMENT', 'bad mask', [errorInfo('BAD_MASK')])));
      expect(e).to.deep.include({ code: 'GOOGLE_ERROR', details: { status: 400, googleStatus: 'INVALID_ARGUMENT', reason: 'BAD_MASK' } });
      expect(e.message).to.equal('Google op: bad mask');
    });
  });
});
