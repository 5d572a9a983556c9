/**
 * Escaping of values placed into SOQL. Every value that reaches a query goes through one of
 * these; nothing is concatenated raw. (The Salesforce core has its own helper; one will go.)
 */

const STRING_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  "'": "\\'",
  '"': '\\"',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

/** A quoted SOQL string literal: `O'Brien` → `'O\'Brien'`. */
export function soqlString(value: string): string {
  return `'${value.replace(/[\\'"\n\r\t\b\f]/g, (char) => STRING_ESCAPES[char] ?? char)}'`;
}

/**
 * A quoted pattern for LIKE that matches `value` literally: `%` and `_` are wildcards there,
 * so they are escaped too (after the string escapes, so their backslash stays single).
 */
export function soqlLikeLiteral(value: string): string {
  return soqlString(value).replace(/[%_]/g, (char) => `\\${char}`);
}

/** A comma-separated list of string literals for `IN (…)`; refuses an empty list (invalid SOQL). */
export function soqlStringList(values: readonly string[]): string {
  if (values.length === 0) throw new Error('SOQL IN () needs at least one value');
  return values.map(soqlString).join(', ');
}

/** A SOQL dateTime literal (unquoted, UTC, millisecond precision): 2026-12-03T19:00:00.000Z. */
export function soqlDateTime(value: Date): string {
  if (Number.isNaN(value.getTime())) throw new Error('SOQL dateTime from an invalid date');
  return value.toISOString();
}
