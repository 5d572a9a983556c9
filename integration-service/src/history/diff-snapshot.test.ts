import { describe, expect, it } from 'vitest';
import { classifyChanges } from './change-rules.ts';
import { diffSnapshot } from './diff-snapshot.ts';
import { cLevelRolesOf, executivesByRole, personKey } from './executive-roles.ts';

const fingerprint = (searchVendor: string | null, technologies: string[] = ['Adobe Experience Manager', 'jQuery'], partnerPlatforms: string[] = ['Adobe Experience Manager']) => ({
  technologies: technologies.map((name) => ({ name, categories: ['CMS'] })),
  searchVendor,
  partnerPlatforms,
});
const financials = (officers: Array<{ name: string; title: string }>, extra: Record<string, unknown> = {}) => ({ ticker: 'GLBE', revenueUsd: 1e9, employees: 3000, officers, ...extra });
const traffic = (monthlyVisits: number) => ({ monthlyVisits, visitsByMonth: [] });
const classify = (module: string, previous: unknown, next: unknown) => classifyChanges(module, diffSnapshot(module, previous, next), { firstVersion: previous === undefined });

describe('diffSnapshot: noise is no change', () => {
  it('ignores reordering, casing, spacing and equal values', () => {
    const before = fingerprint('Elasticsearch', ['jQuery', 'Adobe Experience Manager']);
    const after = fingerprint('elasticsearch ', ['adobe  experience manager', 'JQUERY']);
    expect(diffSnapshot('website.fingerprint', before, after)).toEqual([]);
    expect(diffSnapshot('traffic.similarweb', { monthlyVisits: 1_000_000, visitsByMonth: [] }, { monthlyVisits: 1_000_000, visitsByMonth: [{ month: '2026-10', visits: 1 }] })).toEqual([]);
  });

  it('ignores honorifics, middle initials and the order officers are listed in', () => {
    const before = financials([{ name: 'Mr. Ron M. Vachris', title: 'President, CEO & Director' }, { name: 'Mr. Gary  Millerchip', title: 'Executive VP & CFO' }]);
    const after = financials([{ name: 'Gary Millerchip', title: 'CFO & Executive Vice President' }, { name: 'Ron Vachris', title: 'Chief Executive Officer' }]);
    expect(diffSnapshot('financials.yahoo', before, after)).toEqual([]);
  });

  it('reports list fields as what was added and removed', () => {
    expect(diffSnapshot('website.fingerprint', fingerprint(null, ['jQuery', 'React']), fingerprint(null, ['React', 'Vue.js']))).toEqual([
      { field: 'technologies', kind: 'set', added: ['Vue.js'], removed: ['jQuery'] },
    ]);
  });

  it('treats a module it does not watch, or data of an unknown shape, as unchanged', () => {
    expect(diffSnapshot('unknown.module', { a: 1 }, { a: 2 })).toEqual([]);
    expect(diffSnapshot('traffic.similarweb', 'garbage', { monthlyVisits: 'many' })).toEqual([]);
  });
});

describe('change rules', () => {
  it('search vendor removed → critical', () => {
    const [event] = classify('website.fingerprint', fingerprint('Elasticsearch'), fingerprint(null));
    expect(event).toMatchObject({ category: 'search_vendor_change', significance: 'critical', field: 'searchVendor', oldValue: 'Elasticsearch', newValue: null, summary: expect.stringMatching(/Search vendor removed: Elasticsearch/) });
    expect(event?.whyItMatters).toMatch(/evaluation window/);
  });

  it('search vendor replaced → critical; added → high', () => {
    expect(classify('website.fingerprint', fingerprint('Elasticsearch'), fingerprint('Coveo'))[0]).toMatchObject({ significance: 'critical', summary: 'Search vendor replaced: Elasticsearch → Coveo' });
    expect(classify('website.fingerprint', fingerprint(null), fingerprint('Coveo'))[0]).toMatchObject({ significance: 'high', summary: 'Search vendor added: Coveo' });
  });

  it('a new executive in a C-level role → high, naming the role and who was replaced', () => {
    const events = classify('financials.yahoo', financials([{ name: 'John Smith', title: 'Chief Financial Officer' }]), financials([{ name: 'Jane Doe', title: 'EVP & CFO' }]));
    expect(events).toEqual([
      expect.objectContaining({ category: 'executive_change', significance: 'high', field: 'executives.cfo', oldValue: 'John Smith', newValue: 'Jane Doe', summary: 'New CFO: Jane Doe (replacing John Smith)' }),
    ]);
    expect(classify('financials.yahoo', financials([]), financials([{ name: 'Ana Lima', title: 'Chief Digital Officer' }]))[0]).toMatchObject({ significance: 'high', summary: 'New CDO: Ana Lima' });
    expect(classify('financials.yahoo', financials([{ name: 'Ana Lima', title: 'CDO' }]), financials([]))[0]).toMatchObject({ significance: 'medium', summary: 'CDO Ana Lima is no longer listed' });
  });

  it('tier rising to hot → high, even on the first score', () => {
    expect(classify('score', { score: 70, tier: 'warm', breakdown: [] }, { score: 85, tier: 'hot', breakdown: [] })[0]).toMatchObject({ category: 'score_tier_change', significance: 'high', summary: 'Now a hot lead (was warm)' });
    expect(classify('score', undefined, { score: 85, tier: 'hot', breakdown: [] })).toEqual([expect.objectContaining({ significance: 'high', oldValue: null, newValue: 'hot' })]);
    // A first version otherwise raises nothing: there is nothing it changed from.
    expect(classify('score', undefined, { score: 45, tier: 'cool', breakdown: [] })).toEqual([]);
    expect(classify('website.fingerprint', undefined, fingerprint('Elasticsearch'))).toEqual([]);
  });

  it('traffic moving more than 25% → medium; less is recorded but raises nothing', () => {
    expect(classify('traffic.similarweb', traffic(10_000_000), traffic(13_000_000))[0]).toMatchObject({ category: 'traffic_change', significance: 'medium', summary: 'Traffic up 30%: 10M → 13M visits a month' });
    expect(classify('traffic.similarweb', traffic(10_000_000), traffic(7_000_000))[0]).toMatchObject({ summary: expect.stringMatching(/^Traffic down 30%/) });
    expect(diffSnapshot('traffic.similarweb', traffic(10_000_000), traffic(11_000_000))).toHaveLength(1);
    expect(classify('traffic.similarweb', traffic(10_000_000), traffic(11_000_000))).toEqual([]);
  });
});

describe('executive roles', () => {
  it.each([
    ['President, CEO & Director', ['ceo']],
    ['Executive VP & CFO', ['cfo']],
    ['Chief Financial Officer and Chief Operating Officer', ['cfo', 'coo']],
    ['Deputy CFO', []],
    ['Assistant to the CEO', []],
    ['Senior Vice President, General Counsel', []],
    ['Chief Data Officer', ['chief-data-officer']],
  ])('%s → %j', (title, roles) => {
    expect(cLevelRolesOf(title).sort()).toEqual(roles);
  });

  it('groups holders by role and recognises one person however their name is written', () => {
    expect(executivesByRole([{ name: 'Dr. Ada  Byron, PhD', title: 'Co-CEO' }, { name: 'Charles Babbage', title: 'Co-CEO' }])).toEqual({ ceo: ['Ada Byron', 'Charles Babbage'] });
    expect(personKey('Mr. Ron M. Vachris')).toBe(personKey('ron vachris'));
  });
});
