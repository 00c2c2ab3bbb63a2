/**
 * Google's error envelope, as the People API puts it on the wire: `{error:{code,message,status,details}}`.
 * Clients (googleapis/gaxios, the module's error parser) key on `status` and on ErrorInfo reasons in `details`,
 * so every failure the sandbox answers goes through this one type.
 */
export type GoogleStatus =
  | 'INVALID_ARGUMENT'
  | 'FAILED_PRECONDITION'
  | 'UNAUTHENTICATED'
  | 'PERMISSION_DENIED'
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'RESOURCE_EXHAUSTED'
  | 'INTERNAL'
  | 'UNAVAILABLE';

const HTTP_CODE: Record<GoogleStatus, number> = {
  INVALID_ARGUMENT: 400,
  FAILED_PRECONDITION: 400,
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  RESOURCE_EXHAUSTED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
};

/** gRPC numeric codes, used where the API nests a `Status` inside a batch response. */
export const RPC_CODE: Record<GoogleStatus, number> = {
  INVALID_ARGUMENT: 3,
  FAILED_PRECONDITION: 9,
  UNAUTHENTICATED: 16,
  PERMISSION_DENIED: 7,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  RESOURCE_EXHAUSTED: 8,
  INTERNAL: 13,
  UNAVAILABLE: 14,
};

export type ErrorDetail = { '@type': string } & Record<string, unknown>;

export interface GoogleErrorBody {
  error: { code: number; message: string; status: GoogleStatus; details?: ErrorDetail[] };
}

export class ApiError extends Error {
  readonly httpCode: number;

  constructor(
    readonly status: GoogleStatus,
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.httpCode = HTTP_CODE[status];
  }

  toBody(): GoogleErrorBody {
    const error: GoogleErrorBody['error'] = { code: this.httpCode, message: this.message, status: this.status };
    if (this.details.length > 0) error.details = this.details;
    return { error };
  }
}

export function errorInfo(reason: string, domain: string, metadata?: Record<string, string>): ErrorDetail {
  return { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason, domain, ...(metadata ? { metadata } : {}) };
}

export function badRequest(field: string, description: string): ApiError {
  return new ApiError('INVALID_ARGUMENT', description, [
    { '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: [{ field, description }] },
  ]);
}

export const notFound = (): ApiError => new ApiError('NOT_FOUND', 'Requested entity was not found.');
