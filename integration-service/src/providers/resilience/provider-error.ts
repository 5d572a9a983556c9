/**
 * Why a provider call failed. The code decides what happens next: retry (`retryable`), count
 * against the circuit breaker (retryable only), or give up at once (a 4xx, a refused budget).
 */
export type ProviderErrorCode =
  | 'rate_limited'
  | 'server_error'
  | 'timeout'
  | 'network'
  | 'bad_request'
  | 'unauthorized'
  | 'not_found'
  | 'invalid_response'
  | 'circuit_open'
  | 'budget_exceeded'
  | 'not_configured';

/** Codes worth another attempt unless told otherwise: the vendor or the network may recover. */
const RETRYABLE_BY_DEFAULT: ReadonlySet<ProviderErrorCode> = new Set(['rate_limited', 'server_error', 'timeout', 'network']);

export interface ProviderErrorOptions {
  /** HTTP status the vendor answered with, when there was an answer. */
  status?: number;
  /** Whether a retry may succeed. Default: true for rate_limited, server_error, timeout, network. */
  retryable?: boolean;
  /** How long the vendor asked us to wait (Retry-After), in ms. */
  retryAfterMs?: number;
  cause?: unknown;
}

/**
 * The one error every provider adapter throws. Messages name the provider and a key-free URL;
 * they never carry an API key (see `redactUrl`).
 */
export class ProviderError extends Error {
  /** Marker that survives duplicate copies of this module (instanceof would not). */
  readonly isProviderError = true;
  readonly status: number | undefined;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;

  constructor(
    readonly provider: string,
    readonly code: ProviderErrorCode,
    message: string,
    options: ProviderErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ProviderError';
    this.status = options.status;
    this.retryable = options.retryable ?? RETRYABLE_BY_DEFAULT.has(code);
    this.retryAfterMs = options.retryAfterMs;
  }
}

export function isProviderError(error: unknown): error is ProviderError {
  return typeof error === 'object' && error !== null && (error as { isProviderError?: unknown }).isProviderError === true;
}
