// Errors are values with a code; one table maps codes to HTTP statuses (RFC 9457 problem+json at the edge).
export type ErrorCode =
  | 'validation_failed'
  | 'bad_request'
  | 'invalid_json'
  | 'unsupported_media_type'
  | 'payload_too_large'
  | 'uri_too_long'
  | 'headers_too_large'
  | 'request_timeout'
  | 'unauthenticated'
  | 'invalid_credentials'
  | 'account_locked'
  | 'totp_required'
  | 'totp_invalid'
  | 'mfa_enrolment_required'
  | 'csrf_failed'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  /** Well-formed, but the content cannot be used (an RRULE that does not parse, a date range too long): 422. */
  | 'unprocessable'
  | 'token_invalid'
  | 'rate_limited'
  | 'last_owner'
  | 'reply_crossed'
  | 'internal';

export const statusByCode: Record<ErrorCode, number> = {
  validation_failed: 400,
  bad_request: 400,
  invalid_json: 400,
  unsupported_media_type: 415,
  payload_too_large: 413,
  uri_too_long: 414,
  headers_too_large: 431,
  request_timeout: 408,
  unauthenticated: 401,
  invalid_credentials: 401,
  account_locked: 423,
  totp_required: 401,
  totp_invalid: 401,
  mfa_enrolment_required: 403,
  csrf_failed: 403,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unprocessable: 422,
  token_invalid: 400,
  rate_limited: 429,
  last_owner: 409,
  reply_crossed: 409,
  internal: 500,
};

export interface FieldError {
  /** JSON pointer into the request, e.g. `/body/email`. */
  pointer: string;
  /** What is wrong, in English, for API users and logs. */
  detail: string;
  /** What is wrong, for a client to say in its user's language (see src/common/field-errors.ts); `invalid` when unset. */
  code?: string;
  params?: Record<string, unknown>;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly errors: FieldError[] = [],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
  }
  get status(): number {
    return statusByCode[this.code];
  }
}

export const notFound = (what = 'The requested object') => new AppError('not_found', `${what} does not exist or is not visible to you.`);
export const forbidden = (detail = 'Your role does not allow this action.') => new AppError('forbidden', detail);
export const invalid = (pointer: string, detail: string, code = 'invalid', params?: Record<string, unknown>) =>
  new AppError('validation_failed', 'The request has invalid fields.', [{ pointer, detail, code, ...(params ? { params } : {}) }]);
