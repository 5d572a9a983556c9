import type { DomNode } from './page-signals.ts';
import { ATTRIBUTE_SELECTOR, lastCompound, splitSelectorList, stripParentheses } from './selector-parts.ts';

/**
 * What an element must at least be to match one alternative of a selector: its tag, and
 * attributes containing some text (case-insensitively). A necessary condition only, checked
 * with plain property reads so that css-select runs on a handful of elements instead of walking
 * the whole document for each of the dataset's selectors.
 */
export interface SubjectTest {
  tag?: string;
  attributes: ReadonlyArray<{ name: string; contains: string }>;
}

/**
 * One test per comma-separated alternative, read from its subject (last compound): the tag,
 * `[name…='value']`, `.class` and `#id`. Undefined when some alternative's subject could be
 * any element (`*`, only pseudo-classes) or is escaped, so the selector must walk the document.
 */
export function selectorSubjects(selector: string): SubjectTest[] | undefined {
  const tests: SubjectTest[] = [];
  for (const alternative of splitSelectorList(selector)) {
    if (alternative.includes('\\')) return undefined;
    const compound = lastCompound(stripParentheses(alternative));
    const attributes: Array<{ name: string; contains: string }> = [];
    const rest = compound.replace(ATTRIBUTE_SELECTOR, (_match, name: string, _operator?: string, doubleQuoted?: string, singleQuoted?: string, bare?: string) => {
      attributes.push({ name: name.toLowerCase(), contains: (doubleQuoted ?? singleQuoted ?? bare ?? '').toLowerCase() });
      return ' ';
    });
    if (/[[\]]/.test(rest)) return undefined;
    for (const [, kind, name] of rest.matchAll(/([#.])([\w-]+)/g)) {
      attributes.push({ name: kind === '#' ? 'id' : 'class', contains: (name as string).toLowerCase() });
    }
    const tag = /^[a-zA-Z][\w-]*/.exec(rest)?.[0]?.toLowerCase();
    if (tag === undefined && attributes.length === 0) return undefined;
    tests.push(tag === undefined ? { attributes } : { tag, attributes });
  }
  return tests.length === 0 ? undefined : tests;
}

/** Whether the element passes some alternative's {@link SubjectTest} (and so may match). */
export function mayMatchSubject(element: DomNode, tests: readonly SubjectTest[]): boolean {
  return tests.some(
    ({ tag, attributes }) =>
      (tag === undefined || element.name === tag) &&
      attributes.every(({ name, contains }) => element.attribs?.[name]?.toLowerCase().includes(contains) === true),
  );
}
