import { createSignalFilters, matchRules, planFor } from './match-rules.ts';
import { extractPageSignals, type PageInput, type PageSignals } from './page-signals.ts';
import { loadFingerprintEngine, type EngineDetection, type EngineTechnology, type ResolvedTechnology } from './wappalyzer-engine.ts';

/** One technology found on a page. */
export interface DetectedTechnology {
  /** The dataset's name, e.g. "Shopify", "Adobe Experience Manager". */
  name: string;
  /** The dataset's category names, e.g. ["Ecommerce"], ["Search engines"]. */
  categories: string[];
  /** Version when a rule captured one. */
  version: string | null;
  /** 0–100: the sum of the matched rules' confidences, capped (implied technologies inherit). */
  confidence: number;
  /** The vendor's site, from the dataset. */
  website?: string;
}

/**
 * Rounds of "technologies that count only alongside another" (a Shopify app needs Shopify);
 * each round can unlock more. Three suffice for the dataset's chains.
 */
const MAX_REQUIRE_ROUNDS = 3;

/**
 * Loads the rules and builds the match plan of every rule group (~0.25 s of CPU), which the first
 * pages would otherwise pay for while the first jobs run, on a busy worker. For a dedicated
 * worker's start.
 */
export function prepareFingerprint(): void {
  const engine = loadFingerprintEngine();
  planFor(engine.technologies);
  for (const group of [...engine.requires, ...engine.categoryRequires]) planFor(group.technologies);
}

/**
 * Detects the technologies of a fetched page with the Wappalyzer rules (see
 * `wappalyzer-engine.ts`) from its headers, `Set-Cookie` cookies, meta tags, script URLs,
 * inline scripts and styles, HTML, text and DOM. JavaScript globals need a browser and are not
 * read. Synchronous and CPU-bound: ~50–90 ms for a 500 KB page on a 2-core machine once warm;
 * the first call also loads the rules (~0.8 s). Sorted by name. `signals` lets a caller that
 * also reads the page otherwise (the company context) parse it once for both.
 */
export function detectTechnologies(page: PageInput, signals: PageSignals = extractPageSignals(page)): DetectedTechnology[] {
  const engine = loadFingerprintEngine();
  const filters = createSignalFilters(signals);
  const detections: EngineDetection[] = matchRules(engine, planFor(engine.technologies), signals, filters);

  // Resolving (excludes, implies) is not cheap: once per round that found something new.
  let found = engine.core.resolve(detections);
  const analysed = new Set<readonly EngineTechnology[]>();
  for (let round = 0; round < MAX_REQUIRE_ROUNDS; round++) {
    const names = new Set(found.map((technology) => technology.name));
    const categoryIds = new Set(found.flatMap((technology) => technology.categories.map((category) => category?.id)));
    const unlocked = [
      ...engine.requires.filter((group) => names.has(group.name)),
      ...engine.categoryRequires.filter((group) => categoryIds.has(group.categoryId)),
    ].filter((group) => !analysed.has(group.technologies));
    if (unlocked.length === 0) break;
    const before = detections.length;
    for (const { technologies } of unlocked) {
      analysed.add(technologies);
      detections.push(...matchRules(engine, planFor(technologies), signals, filters));
    }
    if (detections.length === before) break;
    found = engine.core.resolve(detections);
  }

  return found.map(toDetectedTechnology).sort((a, b) => a.name.localeCompare(b.name));
}

function toDetectedTechnology(resolved: ResolvedTechnology): DetectedTechnology {
  const detected: DetectedTechnology = {
    name: resolved.name,
    categories: resolved.categories.flatMap((category) => (category === null ? [] : [category.name])),
    version: resolved.version === '' ? null : resolved.version,
    confidence: resolved.confidence,
  };
  if (resolved.website) detected.website = resolved.website;
  return detected;
}
