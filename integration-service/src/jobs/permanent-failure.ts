/**
 * Marks a failure no retry can fix (an invalid payload, a provider's 4xx). The BullMQ queue
 * maps it to `UnrecoverableError`; the in-process queue stops retrying.
 */
export class PermanentJobError extends Error {
  readonly isPermanentJobError = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentJobError';
  }
}

export function isPermanentJobError(error: unknown): error is PermanentJobError {
  return typeof error === 'object' && error !== null && (error as { isPermanentJobError?: unknown }).isPermanentJobError === true;
}
