/**
 * Text a regex cannot match without, so a rule can be skipped cheaply when that text is absent
 * from the page. Derived from the regex source conservatively: when unsure, no literal, and
 * the rule always runs. Only ASCII literals are kept, compared lower-case: every rule of the
 * engine is compiled with the `i` flag, which (without `u`) never folds non-ASCII onto ASCII.
 */

/** Shortest literal worth a lookup; shorter ones occur on nearly every page. */
const MIN_LITERAL_LENGTH = 3;

/**
 * What a text must contain for the regex to match, as clauses that must all hold, each
 * satisfied by any one of its lower-case literals: `<div class="[^"]*parbase` gives
 * `[['<div class="'], ['parbase']]`, `(?:foo|bar)baz` gives `[['foo', 'bar'], ['baz']]`.
 * An empty list means no guarantee could be derived (the regex must always run).
 */
export function requiredLiterals(source: string): string[][] {
  const branches = splitTopLevel(source);
  if (branches === undefined) return [];
  if (branches.length > 1) {
    // A match satisfies one branch, hence at least one literal of each branch's strongest clause.
    const union: string[] = [];
    for (const branch of branches) {
      const strongest = strongestClause(requiredLiterals(branch));
      if (strongest === undefined) return [];
      union.push(...strongest);
    }
    return [[...new Set(union)]];
  }
  return scanSequence(source) ?? [];
}

/** The clause that rules out the most pages: the longest shortest literal, then fewest choices. */
export function strongestClause(clauses: readonly string[][]): string[] | undefined {
  return [...clauses].sort((a, b) => shortestLength(b) - shortestLength(a) || a.length - b.length)[0];
}

function shortestLength(clause: readonly string[]): number {
  return Math.min(...clause.map((literal) => literal.length));
}

/** Splits at `|` outside groups and classes; undefined on a source we do not understand. */
function splitTopLevel(source: string): string[] | undefined {
  const branches: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (c === '[') {
      const end = classEnd(source, i);
      if (end === undefined) return undefined;
      i = end;
    } else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      branches.push(source.slice(start, i));
      start = i + 1;
    }
    if (depth < 0) return undefined;
  }
  if (depth !== 0) return undefined;
  branches.push(source.slice(start));
  return branches;
}

/** Reads a branch without top-level `|`: its literal runs and required groups become clauses. */
function scanSequence(source: string): string[][] | undefined {
  const clauses: string[][] = [];
  let run = '';
  const endRun = () => {
    if (run.length >= MIN_LITERAL_LENGTH) clauses.push([run]);
    run = '';
  };
  let i = 0;
  while (i < source.length) {
    const c = source[i] as string;
    let literal: string;
    if (c === '\\') {
      const next = source[i + 1];
      if (next === undefined) return undefined;
      if (/[A-Za-z0-9]/.test(next)) {
        // \d \w \s \b, \xHH, \uHHHH, \cX, back-references: not one literal character.
        i += escapeLength(source, i);
        endRun();
        i = skipQuantifier(source, i).end;
        continue;
      }
      literal = next;
      i += 2;
    } else if (c === '[') {
      const end = classEnd(source, i);
      if (end === undefined) return undefined;
      i = end + 1;
      endRun();
      i = skipQuantifier(source, i).end;
      continue;
    } else if (c === '(') {
      const end = groupEnd(source, i);
      if (end === undefined) return undefined;
      const inner = source.slice(i + 1, end);
      i = end + 1;
      endRun();
      const quantifier = skipQuantifier(source, i);
      i = quantifier.end;
      // A lookaround matches nothing itself; an optional group need not match at all.
      const lookaround = /^\?(?:[=!]|<[=!])/.test(inner);
      if (!lookaround && quantifier.min !== 0) clauses.push(...requiredLiterals(inner.replace(/^\?(?::|<[^>]+>)/, '')));
      continue;
    } else if (c === ')' || c === '|' || c === '*' || c === '+' || c === '?') {
      return undefined; // unbalanced, or a quantifier with nothing to repeat
    } else if (c === '.' || c === '^' || c === '$') {
      i++;
      endRun();
      i = skipQuantifier(source, i).end;
      continue;
    } else {
      literal = c;
      i++;
    }
    if (literal.charCodeAt(0) > 0x7f) {
      endRun();
      i = skipQuantifier(source, i).end;
      continue;
    }
    const quantifier = skipQuantifier(source, i);
    i = quantifier.end;
    if (quantifier.min === undefined) run += literal.toLowerCase();
    else if (quantifier.min === 0) endRun();
    else {
      // Required at least once, but what follows may come after any number of repeats.
      run += literal.toLowerCase();
      endRun();
    }
  }
  endRun();
  return clauses;
}

/** Skips `*`, `+`, `?` or `{m,n}` (and a lazy `?`) at `i`; `min` is undefined when none is there. */
function skipQuantifier(source: string, i: number): { end: number; min?: number } {
  const c = source[i];
  let min: number | undefined;
  let end = i;
  if (c === '*' || c === '?') [min, end] = [0, i + 1];
  else if (c === '+') [min, end] = [1, i + 1];
  else if (c === '{') {
    const braces = /^\{(\d+)(?:,\d*)?\}/.exec(source.slice(i, i + 16));
    if (braces) [min, end] = [Number(braces[1]), i + braces[0].length];
  }
  if (min !== undefined && source[end] === '?') end++;
  return min === undefined ? { end } : { end, min };
}

/** Index of the `]` closing the class opened at `start`. */
function classEnd(source: string, start: number): number | undefined {
  let i = start + 1;
  if (source[i] === '^') i++;
  for (; i < source.length; i++) {
    if (source[i] === '\\') i++;
    else if (source[i] === ']') return i;
  }
  return undefined;
}

/** Index of the `)` closing the group opened at `start`. */
function groupEnd(source: string, start: number): number | undefined {
  let depth = 0;
  for (let i = start; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (c === '[') {
      const end = classEnd(source, i);
      if (end === undefined) return undefined;
      i = end;
    } else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return undefined;
}

/** Length of the letter or digit escape at `i` (`\d`, `\x41`, `\u0041`, `\u{1F600}`, `\cJ`, `\12`). */
function escapeLength(source: string, i: number): number {
  const kind = source[i + 1];
  if (kind === 'x') return 4;
  if (kind === 'c') return 3;
  if (kind === 'u') {
    const close = source[i + 2] === '{' ? source.indexOf('}', i) : -1;
    return close > i ? close + 1 - i : 6;
  }
  if (kind !== undefined && /[0-9]/.test(kind)) {
    let end = i + 2;
    while (/[0-9]/.test(source[end] ?? '')) end++;
    return end - i;
  }
  return 2;
}
