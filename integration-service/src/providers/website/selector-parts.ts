/** Reading CSS selectors just enough to know what they need: lists, compounds, attribute tests. */

/**
 * One attribute selector: name, operator, then the value double-quoted, single-quoted or bare.
 * Global: use with `replace`/`matchAll`.
 */
export const ATTRIBUTE_SELECTOR =
  /\[\s*((?:\\.|[^\s~|^$*=\]\\])+)\s*(?:([~|^$*]?=)\s*(?:"((?:\\.|[^"\\])*)"|'((?:\\.|[^'\\])*)'|((?:\\.|[^\s\]\\])+)))?\s*(?:[iIsS]\s*)?\]/g;

/** The last compound of a complex selector (its subject): `a[href]` in `div.x > a[href]`. */
export function lastCompound(alternative: string): string {
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < alternative.length; i++) {
    const c = alternative[i] as string;
    if (c === '\\') i++;
    else if (quote !== undefined) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (depth === 0 && /[\s>+~]/.test(c)) start = i + 1;
  }
  return alternative.slice(start);
}

/**
 * The parts of a CSS identifier or string that appear as such in the HTML: `\.` and `\:` stand
 * for the character itself; a hex escape (`\31 `) ends a part.
 */
export function unescapeSegments(text: string): string[] {
  return text
    .split(/\\[0-9a-fA-F]{1,6}\s?/)
    .map((segment) => segment.replace(/\\(.)/g, '$1'))
    .filter((segment) => segment !== '');
}

/** Splits a selector list at commas outside brackets, parentheses and quotes. */
export function splitSelectorList(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (c === '\\') i++;
    else if (quote !== undefined) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '(') depth++;
    else if (c === ']' || c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(selector.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(selector.slice(start).trim());
  return parts.filter((part) => part !== '');
}

/** Removes every `(…)` with its content (pseudo-class arguments), leaving quoted values whole. */
export function stripParentheses(text: string): string {
  let result = '';
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '\\') {
      if (depth === 0) result += text.slice(i, i + 2);
      i++;
      continue;
    }
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(') {
      depth++;
      continue;
    } else if (c === ')') {
      depth = Math.max(0, depth - 1);
      continue;
    }
    if (depth === 0) result += c;
  }
  return result;
}
