/**
 * The module's one error base class. Every failure the module raises on purpose carries a stable code, so the
 * web edge can map it to an HTTP status and the run history can count it, without parsing messages.
 */
export const ERROR_STATUS = {
  BAD_INPUT: 400,
  BAD_MANIFEST: 500,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  BUSY: 409,
  PRECONDITION: 412,
  RATE_LIMITED: 429,
  GOOGLE_AUTH: 502,
  GOOGLE_UNAVAILABLE: 503,
  GOOGLE_ERROR: 502,
  CONFIG: 500,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class GContactsError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GContactsError';
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export function isGContactsError(e: unknown, code?: ErrorCode): e is GContactsError {
  return e instanceof GContactsError && (code === undefined || e.code === code);
}
