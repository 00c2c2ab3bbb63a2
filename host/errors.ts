/** The reference host's one error base class; the web edge maps codes to HTTP statuses. */
export const HOST_ERROR_STATUS = {
  BAD_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_MANY_ATTEMPTS: 429,
  CONFIG: 500,
} as const;

export type HostErrorCode = keyof typeof HOST_ERROR_STATUS;

export class HostError extends Error {
  readonly code: HostErrorCode;
  /** The input field at fault, for forms that show the message beside it. */
  readonly field: string | undefined;

  constructor(code: HostErrorCode, message: string, field?: string) {
    super(message);
    this.name = 'HostError';
    this.code = code;
    this.field = field;
  }

  get status(): number {
    return HOST_ERROR_STATUS[this.code];
  }
}
