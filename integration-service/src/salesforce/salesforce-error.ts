/**
 * A failed Salesforce call. `code` is Salesforce's errorCode (INVALID_SESSION_ID,
 * REQUEST_LIMIT_EXCEEDED, MALFORMED_QUERY, …) or one of ours: `limit_paused` (our own API
 * budget stopped a non-urgent call), `session_expired` (a refresh did not help), `auth_failed`.
 */
export class SalesforceError extends Error {
  /** Marker that survives duplicate copies of this module. */
  readonly isSalesforceError = true;
  constructor(
    readonly code: string,
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SalesforceError';
  }
}

export function isSalesforceError(error: unknown): error is SalesforceError {
  return typeof error === 'object' && error !== null && (error as { isSalesforceError?: unknown }).isSalesforceError === true;
}

/** The errorCode of a jsforce error (HttpApiError carries it as `errorCode`, OAuth errors as `name`). */
export function salesforceErrorCode(error: unknown): string | undefined {
  if (isSalesforceError(error)) return error.code;
  const code = (error as { errorCode?: unknown } | null)?.errorCode;
  return typeof code === 'string' ? code : undefined;
}
