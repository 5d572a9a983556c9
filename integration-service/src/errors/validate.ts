import type { z } from 'zod';
import { AppError } from './app-error.ts';

export interface ValidationIssue {
  path: string;
  code: string;
  message: string;
}

/**
 * Parses input at a boundary (request body, query, CLI arguments, a job payload); a mismatch
 * is a 400 `validation_failed` AppError carrying every zod issue with its path.
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issues: ValidationIssue[] = result.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.'),
      code: issue.code,
      message: issue.message,
    }));
    throw new AppError('validation_failed', 400, `Invalid ${what}`, { issues });
  }
  return result.data;
}
