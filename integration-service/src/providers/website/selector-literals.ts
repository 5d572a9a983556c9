/**
 * Text a CSS selector cannot match without, so a `dom` rule's selector is only run (a walk of
 * the whole document each) on pages whose HTML contains it. Conservative like
 * `regex-literals.ts`: what is inside `:not(…)`/`:has(…)` or escaped in hex gives nothing.
 */

import { ATTRIBUTE_SELECTOR, splitSelectorList, stripParentheses, unescapeSegments } from './selector-parts.ts';

const MIN_LITERAL_LENGTH = 3;

/**
 * For each comma-separated alternative, the lower-case texts that must all occur in the HTML
 * for it to match: its tags (`<div`), ids, classes, attribute names and attribute values. The
 * selector may match when any alternative's texts all occur; undefined when some alternative
 * yields no text at all (so the selector must always run).
 */
export function selectorLiterals(selector: string): string[][] | undefined {
  const alternatives: string[][] = [];
  for (const alternative of splitSelectorList(selector)) {
    const literals = alternativeLiterals(alternative);
    if (literals.length === 0) return undefined;
    alternatives.push(literals);
  }
  return alternatives.length === 0 ? undefined : alternatives;
}

/** Whether `text` may appear verbatim in HTML: entity-encodable characters might not. */
export function isVerbatimInHtml(text: string): boolean {
  return !/[&<>"']/.test(text);
}

function alternativeLiterals(alternative: string): string[] {
  const literals: string[] = [];
  const add = (text: string) => {
    for (const segment of unescapeSegments(text)) {
      if (segment.length >= MIN_LITERAL_LENGTH && isVerbatimInHtml(segment)) literals.push(segment.toLowerCase());
    }
  };
  let rest = stripParentheses(alternative).replace(
    ATTRIBUTE_SELECTOR,
    (_match, name: string, _operator: string | undefined, doubleQuoted?: string, singleQuoted?: string, bare?: string) => {
      add(name);
      const value = doubleQuoted ?? singleQuoted ?? bare;
      if (value !== undefined) add(value);
      return ' ';
    },
  );
  if (/[[\]]/.test(rest)) return []; // an attribute selector we could not read
  rest = rest.replace(/([#.])((?:\\.|[\w-])+)/g, (_match, _kind: string, name: string) => {
    add(name);
    return ' ';
  });
  for (const match of rest.matchAll(/(?:^|[\s>+~])([a-zA-Z][\w-]*)/g)) literals.push(`<${(match[1] as string).toLowerCase()}`);
  return literals;
}
