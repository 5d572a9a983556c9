import { beforeAll, describe, expect, it } from 'vitest';
import { loadScoringProfile } from './load-scoring-profile.ts';
import { scoreAccount, tierFor } from './score-account.ts';
import type { ScoringProfile } from './scoring-profile.ts';

let profile: ScoringProfile;
beforeAll(async () => {
  profile = await loadScoringProfile();
});

function pointsFor(factor: string, result: ReturnType<typeof scoreAccount>) {
  const item = result.breakdown.find((b) => b.factor === factor);
  if (item === undefined) throw new Error(`no ${factor} in breakdown`);
  return item;
}

describe('scoreAccount with the default profile', () => {
  it('scores a perfect Commerce account 100, hot, with a reason per factor', () => {
    const result = scoreAccount(
      { vertical: 'Commerce', monthlyVisits: 120_000_000, techSpendUsd: 250_000, technologies: ['Adobe Experience Manager'] },
      profile,
    );
    expect(result).toEqual({
      score: 100,
      tier: 'hot',
      breakdown: [
        { factor: 'vertical', points: 40, reason: 'Commerce vertical' },
        { factor: 'traffic', points: 30, reason: '120.0M monthly visits ≥ 50M' },
        { factor: 'tech_spend', points: 20, reason: '$250.0K tech spend ≥ $100K' },
        { factor: 'partner_technology', points: 10, reason: 'Partner technology Adobe Experience Manager (Adobe)' },
      ],
    });
  });

  it('lists every factor with a reason when nothing is known', () => {
    const result = scoreAccount({}, profile);
    expect(result.score).toBe(0);
    expect(result.tier).toBe('cold');
    expect(result.breakdown).toEqual([
      { factor: 'vertical', points: 0, reason: 'No vertical data' },
      { factor: 'traffic', points: 0, reason: 'No traffic data' },
      { factor: 'tech_spend', points: 0, reason: 'No tech spend data' },
      { factor: 'partner_technology', points: 0, reason: 'No technology data' },
    ]);
  });

  it.each([
    [0, 0],
    [999_999, 0],
    [1_000_000, 15],
    [9_999_999, 15],
    [10_000_000, 25],
    [49_999_999, 25],
    [50_000_000, 30],
  ])('traffic of %d visits scores %d', (monthlyVisits, points) => {
    expect(pointsFor('traffic', scoreAccount({ monthlyVisits }, profile)).points).toBe(points);
  });

  it('explains traffic reached and missed', () => {
    expect(pointsFor('traffic', scoreAccount({ monthlyVisits: 45_000_000 }, profile)).reason).toBe(
      '45.0M monthly visits ≥ 10M',
    );
    expect(pointsFor('traffic', scoreAccount({ monthlyVisits: 999_999 }, profile)).reason).toBe(
      '999.9K monthly visits < 1M',
    );
  });

  it.each([
    [49_999, 0],
    [50_000, 15],
    [99_999, 15],
    [100_000, 20],
  ])('tech spend of $%d scores %d', (techSpendUsd, points) => {
    expect(pointsFor('tech_spend', scoreAccount({ techSpendUsd }, profile)).points).toBe(points);
  });

  it.each([
    ['Commerce', 40],
    ['commerce', 40],
    ['Content/Media', 25],
    ['Media', 25],
    ['Retail', 40],
  ])('vertical %s scores %d', (vertical, points) => {
    expect(pointsFor('vertical', scoreAccount({ vertical }, profile)).points).toBe(points);
  });

  it('gives an unknown vertical 0 points and says so', () => {
    expect(pointsFor('vertical', scoreAccount({ vertical: 'Healthcare' }, profile))).toEqual({
      factor: 'vertical',
      points: 0,
      reason: 'Vertical "Healthcare" is not in the scoring profile',
    });
  });

  it.each([
    [['Adobe Experience Manager'], 10],
    [['adobe analytics'], 10],
    [['Shopify Plus'], 7],
    [['Shopify Plus', 'Adobe Target', 'React'], 10],
    [['Adobeish CMS'], 0],
  ])('partner technology %j scores %d', (technologies, points) => {
    expect(pointsFor('partner_technology', scoreAccount({ technologies }, profile)).points).toBe(points);
  });

  it('says when no detected technology is a partner', () => {
    expect(pointsFor('partner_technology', scoreAccount({ technologies: ['React', 'Algolia'] }, profile)).reason).toBe(
      'No partner technology among 2 detected technologies',
    );
  });
});

describe('tiers', () => {
  it.each([
    [80, 'hot'],
    [79, 'warm'],
    [60, 'warm'],
    [59, 'cool'],
    [40, 'cool'],
    [39, 'cold'],
  ])('a score of %d is %s', (score, tier) => {
    expect(tierFor(score, profile.tiers)).toBe(tier);
  });

  it('applies the cut-offs to computed scores', () => {
    const exact: ScoringProfile = {
      ...profile,
      vertical: { points: { v80: 80, v79: 79, v60: 60, v59: 59, v40: 40, v39: 39 }, aliases: {} },
    };
    const tiers = ['v80', 'v79', 'v60', 'v59', 'v40', 'v39'].map((vertical) => {
      const { score, tier } = scoreAccount({ vertical }, exact);
      return `${score}:${tier}`;
    });
    expect(tiers).toEqual(['80:hot', '79:warm', '60:warm', '59:cool', '40:cool', '39:cold']);
  });

  it('caps the score at 100', () => {
    const generous: ScoringProfile = { ...profile, vertical: { points: { Commerce: 90 }, aliases: {} } };
    const result = scoreAccount({ vertical: 'Commerce', monthlyVisits: 60_000_000 }, generous);
    expect(result.score).toBe(100);
    expect(result.breakdown.map((b) => b.points)).toEqual([90, 30, 0, 0]);
  });
});
