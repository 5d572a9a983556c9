/** A JSON-LD node: a plain object as parsed. */
export type JsonLdNode = Record<string, unknown>;

/** What the page's JSON-LD blocks held. */
export interface JsonLdContent {
  /** Every object found, top-level first, then nested ones (publisher, brand, …), document order. */
  nodes: JsonLdNode[];
  /** Blocks that could not be read even after repair; they are skipped, never fatal. */
  malformedBlocks: number;
}

/** JSON forbids raw control characters (newlines, tabs) inside strings; sites write them anyway. */
// oxlint-disable-next-line no-control-regex -- matching them is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f]+/g;

/** How deep nested objects are searched (WebPage → publisher → parentOrganization). */
const MAX_DEPTH = 4;

/**
 * Parses `<script type="application/ld+json">` texts leniently: HTML comment and CDATA
 * wrappers, raw newlines inside strings, trailing commas and back-to-back objects are repaired
 * (all common on real sites); what still fails is counted and skipped.
 */
export function readJsonLd(blocks: readonly string[]): JsonLdContent {
  const topLevel: JsonLdNode[] = [];
  let malformedBlocks = 0;
  for (const block of blocks) {
    const value = parseLeniently(block);
    if (value === undefined) {
      malformedBlocks++;
      continue;
    }
    for (const item of Array.isArray(value) ? value : [value]) {
      if (!isNode(item)) continue;
      const graph = item['@graph'];
      if (item['@type'] !== undefined || !Array.isArray(graph)) topLevel.push(item);
      if (Array.isArray(graph)) topLevel.push(...graph.filter(isNode));
    }
  }
  const nested: JsonLdNode[] = [];
  for (const node of topLevel) collectNested(node, 1, nested);
  return { nodes: [...topLevel, ...nested], malformedBlocks };
}

/** The `@type` names of a node without vocabulary prefixes: `schema:Organization` → `Organization`. */
export function typesOf(node: JsonLdNode): string[] {
  const types = node['@type'];
  const list = Array.isArray(types) ? types : [types];
  return list.filter((type): type is string => typeof type === 'string').map((type) => type.replace(/^.*[/:#]/, ''));
}

/** A property's values as a list (JSON-LD allows one value or an array). */
export function valuesOf(node: JsonLdNode, property: string): unknown[] {
  const value = node[property];
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** The first non-empty string of a property (or of its `@value`/`name`/`url` when an object). */
export function textOf(node: JsonLdNode, property: string): string | undefined {
  for (const value of valuesOf(node, property)) {
    const text = typeof value === 'string' || typeof value === 'number' ? String(value) : isNode(value) ? firstString(value, ['@value', 'name', 'url']) : undefined;
    if (text !== undefined && text.trim() !== '') return text.trim();
  }
  return undefined;
}

export function isNode(value: unknown): value is JsonLdNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function firstString(node: JsonLdNode, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = node[key];
    if (typeof value === 'string') return value;
  }
  return undefined;
}

function collectNested(node: JsonLdNode, depth: number, into: JsonLdNode[]): void {
  if (depth > MAX_DEPTH) return;
  for (const [key, value] of Object.entries(node)) {
    if (key === '@graph') continue;
    for (const child of Array.isArray(value) ? value : [value]) {
      if (!isNode(child)) continue;
      if (child['@type'] !== undefined) into.push(child);
      collectNested(child, depth + 1, into);
    }
  }
}

function parseLeniently(block: string): unknown {
  const text = block
    .trim()
    .replace(/^(?:\/\/\s*)?<!\[CDATA\[/, '')
    .replace(/(?:\/\/\s*)?\]\]>$/, '')
    .replace(/^<!--/, '')
    .replace(/-->$/, '')
    .trim();
  if (text === '') return undefined;
  const attempts = [
    () => text,
    // Raw control characters inside strings become spaces (outside strings a space is harmless).
    () => withoutTrailingCommas(text.replace(CONTROL_CHARACTERS, ' ')),
    // Objects written back to back instead of in an array.
    () => `[${withoutTrailingCommas(text.replace(CONTROL_CHARACTERS, ' ')).replace(/}\s*{/g, '},{')}]`,
  ];
  for (const attempt of attempts) {
    try {
      return JSON.parse(attempt()) as unknown;
    } catch {
      // try the next repair
    }
  }
  return undefined;
}

function withoutTrailingCommas(text: string): string {
  return text.replace(/,\s*([}\]])/g, '$1');
}
