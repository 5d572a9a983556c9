import type { PageSignals } from './page-signals.ts';
import { requiredLiterals, strongestClause } from './regex-literals.ts';
import { isVerbatimInHtml, selectorLiterals } from './selector-literals.ts';
import { mayMatchSubject, selectorSubjects, type SubjectTest } from './selector-subjects.ts';
import { LiteralGroups } from './literal-groups.ts';
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

interface DomPlan {
  technology: EngineTechnology;
  selector: string;
  rules: DomRule[];
  /** What a matching element must at least be, when every alternative says (see `selector-subjects.ts`). */
  subjects?: SubjectTest[];
}

/** A technology's patterns for one header, cookie or meta name. */
interface NamedRule {
  /** The technology's position in `manyToMany[kind]`. */
  position: number;
  /** Each pattern's literal clauses (see {@link TextPlan.clauses}): the rule can match only if one pattern's all hold. */
  patterns: string[][][];
}

/** A kind's text patterns, every technology's in the dataset's order, screened by literals. */
interface TextPlan {
  /** Each pattern, for the engine. */
  patterns: EnginePattern[];
  /** Each pattern's technology. */
  owners: EngineTechnology[];
  /**
   * Each pattern's literal clauses (see `requiredLiterals`): every clause must hold, each by
   * any one of its literals; none when no guarantee could be derived (the pattern always runs).
   */
  clauses: LiteralGroups;
}

/**
 * A group of technologies prepared for matching: each regex and selector with the literals it
 * needs, so a page runs only those whose literals it contains. Built once per group (~0.2 s
 * for the whole dataset).
 */
export interface RulePlan {
  text: Record<TextKind, TextPlan>;
  manyToMany: Record<ManyToManyKind, EngineTechnology[]>;
  /**
   * Header, cookie or meta name → the technologies with a rule for it. The engine looks a
   * rule's name up in the page's values exactly, so a technology none of whose names the page
   * has cannot match, and is not handed to it; nor is one whose patterns for the names the page
   * has need literals its values lack (most pages name a `server` or a `generator`, which
   * hundreds of technologies have rules for).
   */
  manyToManyByName: Record<ManyToManyKind, Map<string, NamedRule[]>>;
  dom: DomPlan[];
  /** Per dom entry, its selector's alternatives, each with the literals it needs (all of them); one empty alternative when one needs none. */
  domAlternatives: LiteralGroups;
  /** Per dom entry, one group: the literals its rules' value patterns need (any one); none when a rule needs none. */
  domRuleLiterals: LiteralGroups;
}

/** "Does this signal contain literal number n?", with each signal lower-cased and indexed on first use. */
export interface SignalFilters {
  forKind(kind: TextKind): (literal: number) => boolean;
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
  const text = {} as RulePlan['text'];
  for (const kind of TEXT_KINDS) {
    const patterns: EnginePattern[] = [];
    const owners: EngineTechnology[] = [];
    const clauses = LiteralGroups.builder();
    for (const technology of technologies) {
      for (const pattern of technology[kind]) {
        patterns.push(pattern);
        owners.push(technology);
        clauses.add(numbered(requiredLiterals(pattern.regex.source)));
      }
    }
    text[kind] = { patterns, owners, clauses: clauses.build() };
  }
  const manyToMany: RulePlan['manyToMany'] = { headers: [], cookies: [], meta: [] };
  const manyToManyByName: RulePlan['manyToManyByName'] = { headers: new Map(), cookies: new Map(), meta: new Map() };
  const dom: DomPlan[] = [];
  const alternativeGroups = LiteralGroups.builder();
  const ruleLiteralGroups = LiteralGroups.builder();
  for (const technology of technologies) {
    for (const kind of MANY_TO_MANY_KINDS) {
      const rules = Object.entries(technology[kind]);
      if (rules.length === 0) continue;
      const position = manyToMany[kind].push(technology) - 1;
      for (const [name, patterns] of rules) {
        const rule = { position, patterns: patterns.map((pattern) => requiredLiterals(pattern.regex.source)) };
        const named = manyToManyByName[kind].get(name);
        if (named === undefined) manyToManyByName[kind].set(name, [rule]);
        else named.push(rule);
      }
    }
    for (const [selector, allRules] of Object.entries(technology.dom)) {
      // `properties` rules read live DOM objects, which a static page does not have.
      const rules = allRules.filter((rule) => rule.exists !== undefined || rule.text !== undefined || rule.attributes !== undefined);
      if (rules.length === 0) continue;
      const entry: DomPlan = { technology, selector, rules };
      const subjects = selectorSubjects(selector);
      if (subjects !== undefined) entry.subjects = subjects;
      dom.push(entry);
      // No literals for some alternative: one empty alternative, which always holds.
      alternativeGroups.add(numbered(selectorLiterals(selector) ?? [[]]));
      const ruleLiterals = domRuleLiterals(rules);
      ruleLiteralGroups.add(ruleLiterals === undefined ? [] : [ruleLiterals.map(numberOf)]);
    }
  }
  return { text, manyToMany, manyToManyByName, dom, domAlternatives: alternativeGroups.build(), domRuleLiterals: ruleLiteralGroups.build() };
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
  const testers: Partial<Record<TextKind, (literal: number) => boolean>> = {};
  const testerOf = (kind: TextKind) => {
    // Sized to every literal numbered so far; a plan built during this page (a `requires` group) grows it.
    let answers = new Uint8Array(literalTexts.length);
    let filter: SubstringFilter | undefined;
    return (literal: number): boolean => {
      if (literal >= answers.length) {
        const grown = new Uint8Array(literalTexts.length);
        grown.set(answers);
        answers = grown;
      }
      const answer = answers[literal];
      if (answer !== UNKNOWN) return answer === PRESENT;
      filter ??= createSubstringFilter((kind === 'scriptSrc' ? signals.scriptSrc.join('\n') : signals[kind]).toLowerCase());
      const found = filter.contains(literalTexts[literal] as string);
      answers[literal] = found ? PRESENT : ABSENT;
      return found;
    };
  };
  return { forKind: (kind) => (testers[kind] ??= testerOf(kind)) };
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

  for (const kind of TEXT_KINDS) {
    const value = signals[kind];
    if (value.length === 0) continue;
    const { patterns, owners, clauses } = plan.text[kind];
    const present = filters.forKind(kind);
    // A technology's patterns are consecutive: collect those that can match, then hand the
    // engine the technology with only those (it reads `technology[kind]`).
    let owner: EngineTechnology | undefined;
    let kept: EnginePattern[] = [];
    const analyze = () => {
      if (owner === undefined || kept.length === 0) return;
      const view = kept.length === owner[kind].length ? owner : { ...owner, [kind]: kept };
      attempt(() => (typeof value === 'string' ? core.analyzeOneToOne(view, kind, value) : core.analyzeOneToMany(view, kind, value)));
    };
    for (let at = 0; at < patterns.length; at++) {
      if (!clauses.everyGroupHasOne(at, present)) continue;
      const technology = owners[at] as EngineTechnology;
      if (technology !== owner) {
        analyze();
        owner = technology;
        kept = [];
      }
      kept.push(patterns[at] as EnginePattern);
    }
    analyze();
  }
  for (const kind of MANY_TO_MANY_KINDS) {
    const values = signals[kind];
    const positions = new Set<number>();
    for (const [name, texts] of Object.entries(values)) {
      const rules = plan.manyToManyByName[kind].get(name);
      if (rules === undefined) continue;
      // Values are short: plain `includes` on their lower-cased join (a literal across two values only costs an engine call).
      const text = texts.join('\n').toLowerCase();
      const holds = (literal: string) => text.includes(literal);
      for (const rule of rules) {
        if (!positions.has(rule.position) && rule.patterns.some((clauses) => clauses.every((clause) => clause.some(holds)))) positions.add(rule.position);
      }
    }
    // In the dataset's order, as when every technology was handed over.
    for (const position of [...positions].sort((a, b) => a - b)) {
      const technology = plan.manyToMany[kind][position] as EngineTechnology;
      attempt(() => core.analyzeManyToMany(technology, kind, values));
    }
  }
  const inHtml = filters.forKind('html');
  for (let at = 0; at < plan.dom.length; at++) {
    if (!plan.domAlternatives.someGroupHasAll(at, inHtml) || !plan.domRuleLiterals.everyGroupHasOne(at, inHtml)) continue;
    const entry = plan.dom[at] as DomPlan;
    for (const [kind, values] of domValues(signals, entry)) {
      attempt(() => core.analyzeManyToMany(entry.technology, kind, { [entry.selector]: values }));
    }
  }
  return detections;
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
