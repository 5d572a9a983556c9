import { z } from 'zod';

/** Optional string: an empty value (`FOO=` in a .env file) counts as unset. */
export const optionalString = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

/** A URL with an http(s), postgres or redis scheme; trailing slashes are dropped. */
export function urlWithScheme(schemes: readonly string[]) {
  return z
    .string()
    .trim()
    .refine(
      (value) => {
        try {
          return schemes.includes(new URL(value).protocol.replace(':', ''));
        } catch {
          return false;
        }
      },
      { message: `expected a URL starting with ${schemes.map((s) => `${s}://`).join(' or ')}` },
    )
    .transform((value) => value.replace(/\/+$/, ''));
}

export const httpUrl = urlWithScheme(['http', 'https']);

/** An integer in a range, given as a string in the environment. */
export function intInRange(min: number, max: number) {
  return z
    .string()
    .trim()
    .regex(/^\d+$/, { message: `expected a whole number between ${min} and ${max}` })
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(min, { message: `expected a whole number between ${min} and ${max}` })
        .max(max, { message: `expected a whole number between ${min} and ${max}` }),
    );
}

/** `true/false/1/0/yes/no`, case-insensitive. */
export const booleanFlag = z
  .string()
  .trim()
  .toLowerCase()
  .refine((v) => ['true', 'false', '1', '0', 'yes', 'no'].includes(v), {
    message: 'expected true or false',
  })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
