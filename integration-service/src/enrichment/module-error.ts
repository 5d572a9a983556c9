import { isProviderError } from '../providers/resilience/provider-error.ts';

/** The code and message stored for a failed module: safe to show to an AE, no secrets. */
export function describeModuleError(error: unknown): { code: string; message: string } {
  if (isProviderError(error)) return { code: error.code, message: error.message };
  if (error instanceof Error && error.name === 'AbortError') return { code: 'timeout', message: 'The module was cancelled' };
  return { code: 'internal', message: 'The module failed unexpectedly' };
}
