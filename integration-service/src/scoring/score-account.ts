import type { ScoreInput } from './score-input.ts';
import type { ScoreTier, ScoringProfile } from './scoring-profile.ts';

/** The four ICP factors, in the order they appear in a breakdown. */
export type ScoreFactor = 'vertical' | 'traffic' | 'tech_spend' | 'partner_technology';

/** One factor's contribution; `reason` is shown to AEs, so it reads as a sentence fragment. */
export interface ScoreBreakdownItem {
  factor: ScoreFactor;
  points: number;
  reason: string;
}

/** A scored account: 0–100, its tier, and every factor with its reason (0-point ones included). */
export interface AccountScore {
  score: number;
  tier: ScoreTier;
  breakdown: ScoreBreakdownItem[];
}

/** Highest possible score; factor points above it are cut off. */
export const MAX_SCORE = 100;

/** Scores an account against an ICP profile; pure, so the same input always gives the same reasons. */
export function scoreAccount(input: ScoreInput, profile: ScoringProfile): AccountScore {
  const trafficSteps = profile.traffic.thresholds.map((step) => ({ min: step.minVisits, points: step.points }));
  const spendSteps = profile.techSpend.thresholds.map((step) => ({ min: step.minUsd, points: step.points }));
  const breakdown: ScoreBreakdownItem[] = [
    scoreVertical(input.vertical, profile.vertical),
    scoreThreshold('traffic', input.monthlyVisits, trafficSteps, {
      missing: 'No traffic data',
      format: (n) => `${formatCompact(n)} monthly visits`,
      formatThreshold: formatThresholdValue,
    }),
    scoreThreshold('tech_spend', input.techSpendUsd, spendSteps, {
      missing: 'No tech spend data',
      format: (n) => `$${formatCompact(n)} tech spend`,
      formatThreshold: (n) => `$${formatThresholdValue(n)}`,
    }),
    scorePartner(input.technologies, profile.partnerTechnology.points),
  ];
  const score = Math.min(MAX_SCORE, breakdown.reduce((sum, item) => sum + item.points, 0));
  return { score, tier: tierFor(score, profile.tiers), breakdown };
}

/** Maps a score onto the profile's tier cut-offs (each is the lowest score of its tier). */
export function tierFor(score: number, tiers: ScoringProfile['tiers']): ScoreTier {
  if (score >= tiers.hot) return 'hot';
  if (score >= tiers.warm) return 'warm';
  if (score >= tiers.cool) return 'cool';
  return 'cold';
}

function scoreVertical(vertical: string | undefined, config: ScoringProfile['vertical']): ScoreBreakdownItem {
  const name = vertical?.trim();
  if (!name) return { factor: 'vertical', points: 0, reason: 'No vertical data' };
  const key = comparable(name);
  const direct = Object.keys(config.points).find((v) => comparable(v) === key);
  const aliased = Object.entries(config.aliases).find(([alias]) => comparable(alias) === key)?.[1];
  const matched = direct ?? aliased;
  if (matched === undefined) {
    return { factor: 'vertical', points: 0, reason: `Vertical "${name}" is not in the scoring profile` };
  }
  const points = config.points[matched] ?? 0;
  const label = direct !== undefined ? `${matched} vertical` : `${name} vertical, scored as ${matched}`;
  return { factor: 'vertical', points, reason: label };
}

interface ThresholdStep {
  min: number;
  points: number;
}

interface ThresholdWording {
  missing: string;
  format: (value: number) => string;
  formatThreshold: (min: number) => string;
}

function scoreThreshold(
  factor: ScoreFactor,
  value: number | undefined,
  steps: readonly ThresholdStep[],
  wording: ThresholdWording,
): ScoreBreakdownItem {
  if (value === undefined || !Number.isFinite(value)) return { factor, points: 0, reason: wording.missing };
  const descending = [...steps].sort((a, b) => b.min - a.min);
  const reached = descending.find((step) => value >= step.min);
  if (reached !== undefined) {
    return { factor, points: reached.points, reason: `${wording.format(value)} ≥ ${wording.formatThreshold(reached.min)}` };
  }
  const lowest = descending.at(-1);
  const reason =
    lowest === undefined
      ? `${wording.format(value)}; the profile has no thresholds`
      : `${wording.format(value)} < ${wording.formatThreshold(lowest.min)}`;
  return { factor, points: 0, reason };
}

function scorePartner(technologies: readonly string[] | undefined, partners: Record<string, number>): ScoreBreakdownItem {
  const factor = 'partner_technology';
  if (technologies === undefined || technologies.length === 0) {
    return { factor, points: 0, reason: 'No technology data' };
  }
  let best: { partner: string; technology: string; points: number } | undefined;
  for (const [partner, points] of Object.entries(partners)) {
    const technology = technologies.find((t) => containsWords(t, partner));
    if (technology !== undefined && (best === undefined || points > best.points)) {
      best = { partner, technology, points };
    }
  }
  if (best === undefined) {
    const count = technologies.length;
    const noun = count === 1 ? 'technology' : 'technologies';
    return { factor, points: 0, reason: `No partner technology among ${count} detected ${noun}` };
  }
  const sameName = comparable(best.technology) === comparable(best.partner);
  const via = sameName ? best.partner : `${best.technology} (${best.partner})`;
  return { factor, points: best.points, reason: `Partner technology ${via}` };
}

/** True when `words` occurs in `text` as whole words, ignoring case: "Shopify" in "Shopify Plus". */
function containsWords(text: string, words: string): boolean {
  const haystack = ` ${comparable(text).replace(/[^\p{L}\p{N}]+/gu, ' ')} `;
  const needle = ` ${comparable(words).replace(/[^\p{L}\p{N}]+/gu, ' ').trim()} `;
  return needle.trim() !== '' && haystack.includes(needle);
}

function comparable(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

const UNITS = [
  { size: 1e9, suffix: 'B' },
  { size: 1e6, suffix: 'M' },
  { size: 1e3, suffix: 'K' },
] as const;

/**
 * 45_000_000 → "45.0M"; 950 → "950". Truncates rather than rounds, so 999_999 reads
 * "999.9K" and never looks like it reached a 1M threshold it missed.
 */
function formatCompact(value: number): string {
  const unit = UNITS.find((u) => value >= u.size);
  if (unit === undefined) return String(Math.floor(value));
  return `${(Math.floor((value * 10) / unit.size) / 10).toFixed(1)}${unit.suffix}`;
}

/** Thresholds are round numbers: 10_000_000 → "10M", 1_500_000 → "1.5M". */
function formatThresholdValue(value: number): string {
  return formatCompact(value).replace(/\.0(?=[BMK]?$)/, '');
}
