import type { ErrorCode } from '../schemas/error.ts';

/** A failed call to the PartnerForge API, with the server's code, or `unavailable` when unreachable. */
export class PartnerForgeApiError extends Error {
  readonly isPartnerForgeApiError = true;
  constructor(
    readonly code: ErrorCode,
    /** HTTP status; 0 when the service could not be reached. */
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'PartnerForgeApiError';
  }
}

export function isPartnerForgeApiError(error: unknown): error is PartnerForgeApiError {
  return typeof error === 'object' && error !== null && (error as { isPartnerForgeApiError?: unknown }).isPartnerForgeApiError === true;
}
