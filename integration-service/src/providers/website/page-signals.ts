import { load, type CheerioAPI } from 'cheerio/slim';

/** A fetched page, as the fingerprint and company-context readers take it. */
export interface PageInput {
  /** Final URL after redirects; relative links resolve against it. */
  url: string;
  /** Response headers, lower-case names (as the safe fetcher returns them). */
  headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** Decoded HTML. */
  body: string;
}

/**
 * What the rules are matched against, gathered the way the Wappalyzer browser extension does
 * (its `content.js`), minus what only a browser has: JavaScript globals, computed DOM
 * properties, external script and stylesheet contents.
 */
export interface PageSignals {
  url: string;
  html: string;
  /** Header name (lower case) → values. */
  headers: Record<string, string[]>;
  /** Cookie name → values, from `Set-Cookie`. */
  cookies: Record<string, string[]>;
  /** `<meta name|property>` (lower case) → contents. */
  meta: Record<string, string[]>;
  /** Absolute `src` of every `<script src>`, in document order, without duplicates. */
  scriptSrc: string[];
  /** Inline `<script>` contents, joined by newlines. */
  scripts: string;
  /** Inline `<style>` contents, joined by newlines, at most {@link MAX_CSS_CHARS}. */
  css: string;
  /** Body text, whitespace collapsed, at most {@link MAX_TEXT_CHARS} (the extension's cut). */
  text: string;
  /** The parsed document, for `dom` rules. */
  $: CheerioAPI;
  /** Every element by lower-case tag name, in document order (see `selector-subjects.ts`). */
  elementsByTag: ReadonlyMap<string, readonly DomNode[]>;
  /** Every element, in document order. */
  elements: readonly DomNode[];
}

export const MAX_TEXT_CHARS = 25_000;
export const MAX_CSS_CHARS = 200_000;

/**
 * Parses the page once (htmlparser2, ~25–50 ms for 500 KB) and reads every signal in one walk
 * of the tree (several `$(selector)` calls would each walk it again).
 */
export function extractPageSignals(page: PageInput): PageSignals {
  const $ = load(page.body);
  const scriptSrc = new Set<string>();
  const scripts: string[] = [];
  const styles: string[] = [];
  const meta: Record<string, string[]> = {};
  const elementsByTag = new Map<string, DomNode[]>();
  const elements: DomNode[] = [];
  let text = '';

  // cheerio's node types come from domhandler, which is not our dependency; we read only these fields.
  const stack: Array<{ node: DomNode; inHead: boolean }> = [{ node: $.root()[0] as unknown as DomNode, inHead: false }];
  for (let entry = stack.pop(); entry !== undefined; entry = stack.pop()) {
    const { node } = entry;
    // Body text: everything outside <head>, since the <body> tag itself is optional in HTML.
    const inHead = entry.inHead || node.name === 'head';
    if (node.type === 'text') {
      if (!inHead && text.length < MAX_TEXT_CHARS + 1_000) text += node.data?.replace(/\s+/g, ' ') ?? '';
      continue;
    }
    const attribs = node.attribs ?? {};
    if (node.name !== undefined) {
      elements.push(node);
      const sameTag = elementsByTag.get(node.name);
      if (sameTag === undefined) elementsByTag.set(node.name, [node]);
      else sameTag.push(node);
    }
    if (node.name === 'script' && attribs.src !== undefined) {
      const absolute = absoluteUrl(attribs.src, page.url);
      if (absolute !== undefined && !absolute.startsWith('data:')) scriptSrc.add(absolute);
    } else if (node.name === 'script' || node.name === 'style') {
      const code = childText(node);
      if (code.trim() !== '') (node.name === 'script' ? scripts : styles).push(code);
    } else if (node.name === 'meta') {
      const key = (attribs.name || attribs.property)?.toLowerCase(); // as the extension: an empty name falls back
      if (key && attribs.content !== undefined) (meta[key] ??= []).push(attribs.content);
    }
    const children = node.children ?? [];
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i] as DomNode, inHead });
  }

  return {
    url: page.url,
    html: page.body,
    headers: headerValues(page.headers),
    cookies: setCookieValues(page.headers['set-cookie']),
    meta,
    scriptSrc: [...scriptSrc],
    scripts: scripts.join('\n'),
    css: styles.join('\n').slice(0, MAX_CSS_CHARS),
    text: text.replace(/\s+/g, ' ').trim().slice(0, MAX_TEXT_CHARS),
    $,
    elementsByTag,
    elements,
  };
}

/** The fields of a domhandler node this walk reads (htmlparser2 lower-cases tag names). */
export interface DomNode {
  type: string;
  name?: string;
  attribs?: Record<string, string>;
  children?: DomNode[];
  data?: string;
}

function childText(node: DomNode): string {
  return (node.children ?? []).map((child) => child.data ?? '').join('');
}

/** Resolves a (possibly protocol-relative) URL against the page, as `script.src` does in a browser. */
export function absoluteUrl(href: string, base: string): string | undefined {
  try {
    return new URL(href.trim(), base).href;
  } catch {
    return undefined;
  }
}

function headerValues(headers: PageInput['headers']): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    result[name.toLowerCase()] = typeof value === 'string' ? [value] : [...value];
  }
  return result;
}

/** `Set-Cookie: name=value; Path=/; …` → name → [value]; attributes are not needed by any rule. */
function setCookieValues(setCookie: string | readonly string[] | undefined): Record<string, string[]> {
  const cookies: Record<string, string[]> = {};
  const lines = setCookie === undefined ? [] : typeof setCookie === 'string' ? [setCookie] : setCookie;
  for (const line of lines) {
    const pair = line.split(';', 1)[0] ?? '';
    const equals = pair.indexOf('=');
    const name = (equals < 0 ? pair : pair.slice(0, equals)).trim();
    const value = equals < 0 ? '' : pair.slice(equals + 1).trim();
    if (name !== '') (cookies[name] ??= []).push(value);
  }
  return cookies;
}
