/**
 * SOQL building in which every value is escaped. Values go in through `soql` tagged templates
 * (strings quoted and escaped, dates as datetime literals, arrays as `(…)` lists); a piece of
 * SOQL written by an administrator (the prospect filter) goes in wrapped by `soqlRaw`.
 */

const RAW = Symbol('soql.raw');
export interface SoqlRaw {
  readonly [RAW]: string;
}

/** Marks trusted SOQL text (configuration, never user or Salesforce data) to be used verbatim. */
export function soqlRaw(text: string): SoqlRaw {
  return { [RAW]: text };
}

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

/** Escapes the inside of a SOQL string literal (quotes, backslashes, control characters). */
export function escapeSoqlString(value: string): string {
  return value.replace(/[\\'"\n\r\t\b\f]/g, (c) => STRING_ESCAPES[c] as string);
}

/**
 * Escapes a value meant to match literally inside a LIKE pattern: on top of the string escapes,
 * `%` and `_` lose their wildcard meaning. Add your own `%` around the result.
 */
export function escapeSoqlLike(value: string): string {
  return escapeSoqlString(value).replace(/[%_]/g, (c) => `\\${c}`);
}

/** A LIKE pattern matching values that contain `value` literally: `'%…%'`. */
export function soqlContains(value: string): SoqlRaw {
  return soqlRaw(`'%${escapeSoqlLike(value)}%'`);
}

/** A SOQL datetime literal (UTC, milliseconds kept): 2026-11-22T10:00:00.000Z. */
export function soqlDateTime(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new TypeError('Invalid date in SOQL');
  return date.toISOString();
}

export type SoqlValue = string | number | boolean | null | Date | SoqlRaw | readonly (string | number)[];

function literal(value: SoqlValue): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return `'${escapeSoqlString(value)}'`;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('Non-finite number in SOQL');
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return soqlDateTime(value);
  if (Array.isArray(value)) {
    if (value.length === 0) throw new TypeError('Empty list in SOQL');
    return `(${value.map((v) => literal(v)).join(', ')})`;
  }
  return (value as SoqlRaw)[RAW];
}

/** `soql\`SELECT Id FROM Account WHERE Name = ${name}\`` with every interpolation escaped. */
export function soql(strings: TemplateStringsArray, ...values: SoqlValue[]): string {
  return strings.reduce((text, part, i) => text + part + (i < values.length ? literal(values[i] as SoqlValue) : ''), '');
}
