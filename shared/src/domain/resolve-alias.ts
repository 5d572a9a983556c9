/** Longest alias chain followed before giving up; guards against cycles in stored aliases. */
const MAX_ALIAS_HOPS = 10;

/**
 * Maps a normalized domain to its canonical account domain (`costco.ca` → `costco.com`),
 * following chains (a → b → c) and stopping at a cycle. Unknown domains map to themselves.
 * Both sides of `aliases` must already be normalized (see `normalizeDomain`).
 */
export function resolveAlias(domain: string, aliases: ReadonlyMap<string, string>): string {
  let current = domain;
  const seen = new Set([current]);
  for (let hop = 0; hop < MAX_ALIAS_HOPS; hop++) {
    const next = aliases.get(current);
    if (next === undefined || seen.has(next)) break;
    seen.add(next);
    current = next;
  }
  return current;
}
