import type { PageSignals } from './page-signals.ts';
import { requiredLiterals, strongestClause } from './regex-literals.ts';
import { isVerbatimInHtml, selectorLiterals } from './selector-literals.ts';
import { mayMatchSubject, selectorSubjects, type SubjectTest } from './selector-subjects.ts';
import { createSubstringFilter, type SubstringFilter } from './substring-filter.ts';
import type {
  DomRule,
  EngineDetection,
  EnginePattern,
  EngineTechnology,
  FingerprintEngine,
  ManyToManyKind,
  OneToOneKind,
} from './wappalyzer-engine.ts';

/** Pattern kinds matched against text: one string each, or the list of script URLs. */
type TextKind = OneToOneKind | 'scriptSrc';
const TEXT_KINDS: readonly TextKind[] = ['url', 'html', 'text', 'css', 'scripts', 'scriptSrc'];
const MANY_TO_MANY_KINDS: readonly ManyToManyKind[] = ['headers', 'cookies', 'meta'];
/** The extension reads at most this many nodes per selector and technology. */
const MAX_DOM_NODES = 50;

/**
 * Literal clauses (see `requiredLiterals`): all must hold, each by any one literal. Literals are
 * numbered (see `numberOf`), so a page's answers are bytes in an array, not a string-keyed map.
 */
type Clauses = readonly (readonly number[])[];

interface PatternPlan {
  pattern: EnginePattern;
  clauses: Clauses;
}

interface DomPlan {
  technology: EngineTechnology;
  selector: string;
  rules: DomRule[];
  /** Selector alternatives, each with the (numbered) literals it needs; absent when one needs none. */
  alternatives?: number[][];
  /** Literals the rules' value patterns need (any one, numbered); absent when a rule needs none. */
  ruleLiterals?: number[];
  /** What a matching element must at least be, when every alternative says (see `selector-subjects.ts`). */
  subjects?: SubjectTest[];
}

/**
 * A group of technologies prepared for matching: each regex and selector with the literals it
 * needs, so a page runs only those whose literals it contains. Built once per group (~0.2 s
 * for the whole dataset).
 */
export interface RulePlan {
  text: Record<TextKind, Array<{ technology: EngineTechnology; patterns: PatternPlan[] }>>;
  manyToMany: Record<ManyToManyKind, EngineTechnology[]>;
  /**
   * Header, cookie or meta name → positions in `manyToMany[kind]` of the technologies with a
   * rule for it. The engine looks a rule's name up in the page's values exactly, so a
   * technology none of whose names the page has cannot match, and is not handed to it.
   */
  manyToManyByName: Record<ManyToManyKind, Map<string, number[]>>;
  dom: DomPlan[];
}

/** "Does this signal contain literal number n?", with each signal lower-cased and indexed on first use. */
export interface SignalFilters {
  contains(kind: TextKind, literal: number): boolean;
}

/**
 * Every literal of every plan, numbered once. Checking ~5,000 rule patterns per page by string
 * looked each literal up in a map per page (a quarter of the fingerprint's CPU); by number, the
 * page's answers live in one byte array per signal kind.
 */
const literalNumbers = new Map<string, number>();
const literalTexts: string[] = [];

function numberOf(literal: string): number {
  let number = literalNumbers.get(literal);
  if (number === undefined) {
    number = literalTexts.push(literal) - 1;
    literalNumbers.set(literal, number);
  }
  return number;
}

const numbered = (clauses: readonly (readonly string[])[]): number[][] => clauses.map((clause) => clause.map(numberOf));

const plans = new WeakMap<readonly EngineTechnology[], RulePlan>();

/** The plan of a technology group (cached: the groups live as long as the engine). */
export function planFor(technologies: readonly EngineTechnology[]): RulePlan {
  let plan = plans.get(technologies);
  if (plan === undefined) {
    plan = buildPlan(technologies);
    plans.set(technologies, plan);
  }
  return plan;
}

function buildPlan(technologies: readonly EngineTechnology[]): RulePlan {
  const plan: RulePlan = {
    text: { url: [], html: [], text: [], css: [], scripts: [], scriptSrc: [] },
    manyToMany: { headers: [], cookies: [], meta: [] },
    manyToManyByName: { headers: new Map(), cookies: new Map(), meta: new Map() },
    dom: [],
  };
  for (const technology of technologies) {
    for (const kind of TEXT_KINDS) {
      if (technology[kind].length === 0) continue;
      const patterns = technology[kind].map((pattern) => ({ pattern, clauses: numbered(requiredLiterals(pattern.regex.source)) }));
      plan.text[kind].push({ technology, patterns });
    }
    for (const kind of MANY_TO_MANY_KINDS) {
      const names = Object.keys(technology[kind]);
      if (names.length === 0) continue;
      const position = plan.manyToMany[kind].push(technology) - 1;
      for (const name of names) {
        const positions = plan.manyToManyByName[kind].get(name);
        if (positions === undefined) plan.manyToManyByName[kind].set(name, [position]);
        else positions.push(position);
      }
    }
    for (const [selector, allRules] of Object.entries(technology.dom)) {
      // `properties` rules read live DOM objects, which a static page does not have.
      const rules = allRules.filter((rule) => rule.exists !== undefined || rule.text !== undefined || rule.attributes !== undefined);
      if (rules.length === 0) continue;
      const entry: DomPlan = { technology, selector, rules };
      const alternatives = selectorLiterals(selector);
      if (alternatives !== undefined) entry.alternatives = numbered(alternatives);
      const ruleLiterals = domRuleLiterals(rules);
      if (ruleLiterals !== undefined) entry.ruleLiterals = ruleLiterals.map(numberOf);
      const subjects = selectorSubjects(selector);
      if (subjects !== undefined) entry.subjects = subjects;
      plan.dom.push(entry);
    }
  }
  return plan;
}

/**
 * Literals of which one must be in the HTML for any of the rules to fire: an attribute
 * value's literal (or the attribute's name), a text pattern's literal. Text literals are cut at
 * whitespace because node text joins text across tags and collapses spaces; a word split by
 * markup (`Pow<b>ered</b>`) would be missed — rare enough for the ~70 text rules.
 */
function domRuleLiterals(rules: readonly DomRule[]): string[] | undefined {
  if (rules.some((rule) => rule.exists !== undefined)) return undefined;
  const literals: string[] = [];
  for (const rule of rules) {
    const choices: Array<string[] | undefined> = [];
    if (rule.text !== undefined) choices.push(strongestClause(literalsOf(rule.text, (literal) => literal.split(/\s+/))));
    for (const [name, pattern] of Object.entries(rule.attributes ?? {})) {
      const fromValue = strongestClause(literalsOf(pattern, (literal) => [literal]));
      choices.push(fromValue ?? (name.length >= 3 ? [name.toLowerCase()] : undefined));
    }
    for (const choice of choices) {
      if (choice === undefined) return undefined;
      literals.push(...choice);
    }
  }
  return literals.length > 0 ? [...new Set(literals)] : undefined;
}

/** A pattern's clauses, literals reshaped by `pieces` and kept only when verbatim in HTML. */
function literalsOf(pattern: EnginePattern, pieces: (literal: string) => string[]): string[][] {
  return requiredLiterals(pattern.regex.source)
    .map((clause) => clause.map((literal) => pieces(literal).filter((piece) => piece.length >= 3 && isVerbatimInHtml(piece)).sort((a, b) => b.length - a.length)[0]))
    .filter((clause): clause is string[] => clause.every((literal) => literal !== undefined));
}

/** What a page's answer array holds per literal. */
const UNKNOWN = 0;
const PRESENT = 1;
const ABSENT = 2;

/**
 * Filters over the page's signals, each lower-cased and indexed only when a rule asks, with
 * every answer remembered. Script URLs are joined by newlines: a literal no URL contains is
 * absent from the join too.
 */
export function createSignalFilters(signals: PageSignals): SignalFilters {
  const filters: Partial<Record<TextKind, SubstringFilter>> = {};
  const answers: Partial<Record<TextKind, Uint8Array>> = {};
  const answersFor = (kind: TextKind, literal: number): Uint8Array => {
    const known = answers[kind];
    if (known !== undefined && literal < known.length) return known;
    // Sized to every literal numbered so far; a plan built later (a `requires` group) grows it.
    const grown = new Uint8Array(literalTexts.length);
    if (known !== undefined) grown.set(known);
    answers[kind] = grown;
    return grown;
  };
  return {
    contains(kind, literal) {
      const known = answersFor(kind, literal);
      const answer = known[literal];
      if (answer !== UNKNOWN) return answer === PRESENT;
      let filter = filters[kind];
      if (filter === undefined) {
        const text = kind === 'scriptSrc' ? signals.scriptSrc.join('\n') : signals[kind];
        filter = filters[kind] = createSubstringFilter(text.toLowerCase());
      }
      const found = filter.contains(literalTexts[literal] as string);
      known[literal] = found ? PRESENT : ABSENT;
      return found;
    },
  };
}

/**
 * Runs a group's rules over the page with the engine's own matchers, skipping the rules whose
 * literals are absent (which cannot match). A rule the engine or the selector engine chokes on
 * is skipped: one malformed rule must not cost the whole page.
 */
export function matchRules(engine: FingerprintEngine, plan: RulePlan, signals: PageSignals, filters: SignalFilters): EngineDetection[] {
  const { core } = engine;
  const detections: EngineDetection[] = [];
  const attempt = (match: () => EngineDetection[]) => {
    try {
      detections.push(...match());
    } catch {
      // a rule the engine cannot apply (see above)
    }
  };
  const inHtml = (literal: number) => filters.contains('html', literal);

  for (const kind of TEXT_KINDS) {
    const value = signals[kind];
    if (value.length === 0) continue;
    // Thousands of technologies per kind, most with no pattern that can match: plain loops, and
    // no array unless one can (this loop was a tenth of a worker's CPU).
    const present = (literal: number) => filters.contains(kind, literal);
    for (const { technology, patterns } of plan.text[kind]) {
      let kept: PatternPlan[] | undefined;
      for (const entry of patterns) {
        if (allClausesHold(entry.clauses, present)) (kept ??= []).push(entry);
      }
      if (kept === undefined) continue;
      // The engine reads `technology[kind]`; hand it only the patterns that can match.
      const view = kept.length === patterns.length ? technology : { ...technology, [kind]: kept.map(({ pattern }) => pattern) };
      attempt(() => (typeof value === 'string' ? core.analyzeOneToOne(view, kind, value) : core.analyzeOneToMany(view, kind, value)));
    }
  }
  for (const kind of MANY_TO_MANY_KINDS) {
    const values = signals[kind];
    const positions = new Set<number>();
    for (const name of Object.keys(values)) for (const position of plan.manyToManyByName[kind].get(name) ?? []) positions.add(position);
    // In the dataset's order, as when every technology was handed over.
    for (const position of [...positions].sort((a, b) => a - b)) {
      const technology = plan.manyToMany[kind][position] as EngineTechnology;
      attempt(() => core.analyzeManyToMany(technology, kind, values));
    }
  }
  for (const entry of plan.dom) {
    // A selector alternative needs all its literals; the rules need any one of theirs.
    if (entry.alternatives !== undefined && !entry.alternatives.some((all) => all.every(inHtml))) continue;
    if (entry.ruleLiterals !== undefined && !entry.ruleLiterals.some(inHtml)) continue;
    for (const [kind, values] of domValues(signals, entry)) {
      attempt(() => core.analyzeManyToMany(entry.technology, kind, { [entry.selector]: values }));
    }
  }
  return detections;
}

/** Every clause has a literal that is present (the loop form of `every`/`some`). */
function allClausesHold(clauses: Clauses, present: (literal: number) => boolean): boolean {
  for (const clause of clauses) {
    let any = false;
    for (const literal of clause) {
      if (present(literal)) {
        any = true;
        break;
      }
    }
    if (!any) return false;
  }
  return true;
}

/**
 * What the extension's `getDom` collects for one selector, keyed by the engine's dom subtype:
 * `dom.exists` → [''], `dom.text` → node texts, `dom.attributes.<name>` → attribute values.
 */
function domValues(signals: PageSignals, { selector, rules, subjects }: DomPlan): Array<[string, string[]]> {
  const { $ } = signals;
  let nodes;
  try {
    if (subjects === undefined) nodes = $(selector).slice(0, MAX_DOM_NODES);
    else {
      // Screening elements with plain property reads beats css-select walking the whole document;
      // the candidates are domhandler nodes, typed structurally in page-signals.ts.
      const tags = subjects.every((subject) => subject.tag !== undefined) ? new Set(subjects.map((subject) => subject.tag as string)) : undefined;
      const pool = tags === undefined ? signals.elements : [...tags].flatMap((tag) => signals.elementsByTag.get(tag) ?? []);
      const candidates = pool.filter((element) => mayMatchSubject(element, subjects));
      if (candidates.length === 0) return [];
      nodes = $(candidates as unknown as Parameters<typeof $>[0]).filter(selector).slice(0, MAX_DOM_NODES);
    }
  } catch {
    return []; // a selector css-select does not support
  }
  if (nodes.length === 0) return [];
  const result: Array<[string, string[]]> = [];
  if (rules.some((rule) => rule.exists !== undefined)) result.push(['dom.exists', ['']]);
  if (rules.some((rule) => rule.text !== undefined)) {
    const texts = nodes
      .map((_, element) => $(element).text().trim())
      .get()
      .filter((text) => text !== '');
    if (texts.length > 0) result.push(['dom.text', [...new Set(texts)]]);
  }
  const attributes = new Set(rules.flatMap((rule) => Object.keys(rule.attributes ?? {})));
  for (const attribute of attributes) {
    const values = nodes
      .map((_, element) => $(element).attr(attribute))
      .get()
      .filter((value): value is string => value !== undefined);
    if (values.length > 0) result.push([`dom.attributes.${attribute}`, [...new Set(values)]]);
  }
  return result;
}
