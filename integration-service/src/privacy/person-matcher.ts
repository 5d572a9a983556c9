/** The placeholder an erased person's name or e-mail becomes: a string, so every schema still reads it. */
export const ERASED = '[erased]';

const normalize = (text: string) => text.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Finds and replaces one person's name and e-mail inside any JSON value, keeping its shape. */
export interface PersonMatcher {
  /** The lower-case terms a SQL pre-filter looks for (`ilike '%term%'`). */
  readonly terms: readonly string[];
  matches(text: string): boolean;
  /** `text` with every occurrence replaced by {@link ERASED}. */
  erase(text: string): string;
}

/**
 * A matcher for a person named `name` and/or reached at `email`. Names match case-, spacing-
 * and Unicode-form-insensitively, as whole words ("Jane Doe" is in "New CFO: Jane Doe", not in
 * "Jane Doerr").
 */
export function createPersonMatcher(subject: { name?: string | null; email?: string | null }): PersonMatcher {
  const terms = [subject.name, subject.email].filter((t): t is string => typeof t === 'string' && t.trim().length > 0).map(normalize);
  // Spaces in a name match any run of whitespace in the stored text.
  const patterns = terms.map((term) => new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(term).replace(/ /g, '\\s+')}(?![\\p{L}\\p{N}])`, 'giu'));
  return {
    terms,
    matches: (text) => patterns.some((p) => new RegExp(p.source, p.flags).test(text.normalize('NFKC'))),
    erase: (text) => patterns.reduce((out, p) => out.replace(new RegExp(p.source, p.flags), ERASED), text.normalize('NFKC')),
  };
}

/** Where in a JSON value a person occurs: dotted paths of the strings that name them. */
export function findInJson(value: unknown, matcher: PersonMatcher, path = ''): Array<{ path: string; value: string }> {
  if (typeof value === 'string') return matcher.matches(value) ? [{ path: path || '$', value }] : [];
  if (Array.isArray(value)) return value.flatMap((item, i) => findInJson(item, matcher, path ? `${path}.${i}` : String(i)));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => findInJson(v, matcher, path ? `${path}.${k}` : k));
  return [];
}

/** A copy of a JSON value with the person erased from every string; keys, arrays and other values unchanged. */
export function eraseInJson<T>(value: T, matcher: PersonMatcher): T {
  if (typeof value === 'string') return matcher.erase(value) as T;
  if (Array.isArray(value)) return value.map((item) => eraseInJson(item, matcher)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, eraseInJson(v, matcher)])) as T;
  return value;
}
