import type { ErrorCode } from '@partnerforge/shared/schemas';

export type { ErrorCode };

/**
 * The one error type services throw on purpose. The error middleware turns it into
 * `{ "error": { code, message, details } }` with its status; anything else becomes a 500.
 */
export class AppError extends Error {
  /** Marker that survives duplicate copies of this module (instanceof would not). */
  readonly isAppError = true;

  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }

  static badRequest(message: string, details?: unknown) {
    return new AppError('bad_request', 400, message, details);
  }
  static unauthorized(message = 'A valid API key is required (Authorization: Bearer pf_…)') {
    return new AppError('unauthorized', 401, message);
  }
  static forbidden(message: string) {
    return new AppError('forbidden', 403, message);
  }
  static notFound(message: string, details?: unknown) {
    return new AppError('not_found', 404, message, details);
  }
  static conflict(message: string, details?: unknown) {
    return new AppError('conflict', 409, message, details);
  }
}

export function isAppError(error: unknown): error is AppError {
  return typeof error === 'object' && error !== null && (error as { isAppError?: unknown }).isAppError === true;
}
