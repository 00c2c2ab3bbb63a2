/**
 * Turns what googleapis/gaxios throw into the gateway's error table (gateway.ts header). Two steps: `parseFailure`
 * reads the raw error once into a plain Failure (what happened, could Google have applied it, may we retry), and
 * `toGContactsError` names it for the engines. Errors are recognised by shape, not `instanceof`: googleapis bundles
 * its own gaxios copy, so a GaxiosError from it is not an instance of the top-level class.
 */
import { GContactsError } from '../errors';
import { parseRetryAfter } from './retry-timing';

export interface Failure {
  /**
   * http: Google answered; token: the OAuth token endpoint failed before the API call was sent; client: the client
   * library refused the call before sending it (a bug on our side, never worth a retry).
   */
  kind: 'http' | 'token' | 'timeout' | 'network' | 'client';
  httpStatus?: number;
  /** Google's canonical status (`FAILED_PRECONDITION`), or the OAuth error code (`invalid_grant`) for kind token. */
  googleStatus?: string;
  /** ErrorInfo reason from the envelope's details, when Google sent one. */
  reason?: string;
  message: string;
  retryAfterMs?: number;
  /** 'maybe' when the request may have reached Google's write path: it answered 5xx, never answered, or hung up. */
  applied: 'no' | 'maybe';
  /** Worth another attempt: 429, 5xx, timeouts, connection failures (on the API or the token endpoint). */
  transient: boolean;
}

/** Connection errors raised before a byte of the request could reach the server. */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);
/** OAuth client misconfiguration: reconnecting the account cannot fix it. */
const CLIENT_ERRORS = new Set(['invalid_client', 'unauthorized_client']);
/** 403 reasons that mean the user's grant lacks the contacts scope: only a new consent helps. */
const SCOPE_REASONS = new Set(['ACCESS_TOKEN_SCOPE_INSUFFICIENT', 'insufficientPermissions']);
/** Without Retry-After, a 429 is a per-minute quota: suggest waiting out the minute. */
const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;

interface RawError {
  message?: unknown;
  name?: unknown;
  code?: unknown;
  cause?: unknown;
  config?: { url?: unknown };
  response?: { status?: unknown; headers?: unknown; data?: unknown };
}

interface GoogleEnvelope {
  error?: { code?: number; message?: string; status?: string; details?: Array<Record<string, unknown>> } | string;
  error_description?: string;
}

export function parseFailure(e: unknown, opts: { nowMs: number; tokenUrl: string }): Failure {
  const raw = (typeof e === 'object' && e !== null ? e : { message: String(e) }) as RawError;
  const message = typeof raw.message === 'string' ? raw.message : 'unknown error';
  const url = typeof raw.config?.url === 'string' ? raw.config.url : String(raw.config?.url ?? '');
  const fromToken = url.startsWith(opts.tokenUrl);
  const status = typeof raw.response?.status === 'number' ? raw.response.status : undefined;

  if (status !== undefined) {
    const env = (raw.response?.data ?? {}) as GoogleEnvelope;
    const body = typeof env.error === 'object' ? env.error : undefined;
    const transient = status === 429 || status >= 500;
    return {
      kind: fromToken ? 'token' : 'http',
      httpStatus: status,
      googleStatus: typeof env.error === 'string' ? env.error : body?.status,
      reason: errorInfoReason(body?.details),
      message: body?.message ?? env.error_description ?? message,
      retryAfterMs: parseRetryAfter(header(raw.response?.headers, 'retry-after'), opts.nowMs),
      applied: status >= 500 && !fromToken ? 'maybe' : 'no',
      transient,
    };
  }
  // google-auth-library throws a plain Error, without config, when it has no refresh token to spend.
  if (url === '' && /refresh token/i.test(message)) {
    return { kind: 'token', googleStatus: 'missing_refresh_token', message, applied: 'no', transient: false };
  }
  if (isTimeout(raw)) return { kind: 'timeout', message, applied: fromToken ? 'no' : 'maybe', transient: true };
  const code = networkCode(raw);
  if (code === undefined && !chain(raw).some((c) => c.name === 'FetchError' || (c.name === 'TypeError' && /fetch failed/i.test(String(c.message))))) {
    return { kind: 'client', message, applied: 'no', transient: false };
  }
  return {
    // The socket error's text names the URL, which for /revoke carries a token: keep only its code.
    kind: 'network', message: code ?? 'connection error', transient: true,
    applied: fromToken || (code !== undefined && NOT_CONNECTED.has(code)) ? 'no' : 'maybe',
  };
}

export interface ErrorContext {
  /** The gateway method, for messages: `batchCreate`. */
  operation: string;
  /** True when an attempt of this write may have been applied (this one or an earlier one). */
  ambiguous: boolean;
  resourceName?: string;
}

export function toGContactsError(f: Failure, ctx: ErrorContext): GContactsError {
  const what = `Google ${ctx.operation}`;
  // Only writes can be ambiguous; the flag rides along on any code so the engine knows a retry may have met its own write.
  const maybe = ctx.ambiguous ? { ambiguous: true } : {};
  if (f.kind === 'client') return new GContactsError('INTERNAL', `${what}: the request could not be sent: ${f.message}`);
  if (f.kind === 'token' && !f.transient) {
    if (f.googleStatus !== undefined && CLIENT_ERRORS.has(f.googleStatus)) {
      return new GContactsError('CONFIG', `${what}: Google refused the OAuth client id or secret (${f.googleStatus})`);
    }
    return new GContactsError('GOOGLE_AUTH', `${what}: the Google authorisation is no longer valid (${f.googleStatus ?? f.message}); reconnect the account`, { reconnect: true });
  }
  if (f.kind === 'timeout' || f.kind === 'network' || (f.httpStatus ?? 0) >= 500) {
    const cause = f.kind === 'timeout' ? 'timed out' : f.kind === 'network' ? `connection failed (${f.message})` : `answered ${f.httpStatus}`;
    return new GContactsError('GOOGLE_UNAVAILABLE', `${what}: Google ${cause}`, { ambiguous: ctx.ambiguous });
  }
  const status = f.httpStatus ?? 0;
  const text = `${what}: ${f.message}`;
  if (status === 401 || (status === 403 && f.reason !== undefined && SCOPE_REASONS.has(f.reason))) {
    return new GContactsError('GOOGLE_AUTH', `${text}; reconnect the account`, { reconnect: true, ...(f.reason ? { reason: f.reason } : {}) });
  }
  if (status === 429) {
    return new GContactsError('RATE_LIMITED', text, { retryAfterMs: f.retryAfterMs ?? DEFAULT_RATE_LIMIT_WAIT_MS });
  }
  // Old People API docs answered an expired sync token with 410 GONE; live servers send FAILED_PRECONDITION.
  if (status === 410) return new GContactsError('PRECONDITION', text, { reason: 'EXPIRED_SYNC_TOKEN', ...maybe });
  if (status === 400 && f.googleStatus === 'FAILED_PRECONDITION') {
    return new GContactsError('PRECONDITION', text, { reason: preconditionReason(f), ...maybe });
  }
  if (status === 404) return new GContactsError('NOT_FOUND', text, { resourceName: ctx.resourceName, ...maybe });
  if (status === 409) return new GContactsError('CONFLICT', text, { ...maybe });
  return new GContactsError('GOOGLE_ERROR', text, { status, googleStatus: f.googleStatus, reason: f.reason, ...maybe });
}

/** The stale-etag answer carries no ErrorInfo, only its message ("...etag is different than the current..."). */
function preconditionReason(f: Failure): string {
  if (f.reason) return f.reason;
  return /etag/i.test(f.message) ? 'ETAG' : 'FAILED_PRECONDITION';
}

function errorInfoReason(details: Array<Record<string, unknown>> | undefined): string | undefined {
  const info = details?.find((d) => typeof d['@type'] === 'string' && d['@type'].endsWith('google.rpc.ErrorInfo'));
  return typeof info?.reason === 'string' ? info.reason : undefined;
}

/** By shape: gaxios may hand back node-fetch's Headers class, not the global one, or a plain object. */
function header(headers: unknown, name: string): string | undefined {
  if (typeof headers === 'object' && headers !== null && typeof (headers as Headers).get === 'function') {
    return (headers as Headers).get(name) ?? undefined;
  }
  if (typeof headers === 'object' && headers !== null) {
    const v = (headers as Record<string, unknown>)[name];
    return typeof v === 'string' ? v : undefined;
  }
  return undefined;
}

/** gaxios reports its `timeout` as an aborted fetch (node-fetch AbortError, or a DOMException TimeoutError). */
function isTimeout(raw: RawError): boolean {
  return chain(raw).some((c) => c.name === 'AbortError' || c.name === 'TimeoutError' || c.code === 'TimeoutError' || c.code === 'ETIMEDOUT');
}

function networkCode(raw: RawError): string | undefined {
  for (const c of chain(raw)) if (typeof c.code === 'string' && /^E[A-Z]+$/.test(c.code)) return c.code;
  return undefined;
}

/** The error and its causes (gaxios wraps the fetch error, which may wrap the socket error). */
function chain(raw: RawError): RawError[] {
  const out: RawError[] = [];
  for (let c: unknown = raw; typeof c === 'object' && c !== null && out.length < 5; c = (c as RawError).cause) out.push(c as RawError);
  return out;
}
