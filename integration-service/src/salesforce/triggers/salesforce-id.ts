import { z } from 'zod';

const ID_PATTERN = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;
const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/**
 * The 18-character, case-insensitive form of a Salesforce id. The API answers with 18
 * characters; a Flow or a person may hand us the 15-character form, and both must find the
 * same account row. The suffix encodes, per 5-character chunk, which characters are upper case.
 */
export function toCaseSafeId(id: string): string {
  if (id.length === 18) return id;
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk += 1) {
    let bits = 0;
    for (let i = 0; i < 5; i += 1) {
      const char = id.charAt(chunk * 5 + i);
      if (char >= 'A' && char <= 'Z') bits |= 1 << i;
    }
    suffix += SUFFIX_ALPHABET.charAt(bits);
  }
  return id + suffix;
}

/** A 15- or 18-character Salesforce record id, answered as 18 characters. */
export const SalesforceIdSchema = z
  .string()
  .trim()
  .regex(ID_PATTERN, { message: 'expected a 15- or 18-character Salesforce id' })
  .transform(toCaseSafeId);
