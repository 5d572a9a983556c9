import { describe, expect, it } from 'vitest';
import notFound from './__fixtures__/error-data-not-found.json' with { type: 'json' };
import monthly from './__fixtures__/visits-monthly.json' with { type: 'json' };
import partial from './__fixtures__/visits-partial.json' with { type: 'json' };
import { lastFullMonths, throwOnSimilarWebError, transformVisits } from './similarweb-transform.ts';

describe('lastFullMonths', () => {
  it('ends with the month before the current one', () => {
    expect(lastFullMonths(new Date('2026-11-22T10:00:00Z'))).toEqual({ startMonth: '2026-05', endMonth: '2026-10' });
    expect(lastFullMonths(new Date('2026-03-01T00:00:00Z'))).toEqual({ startMonth: '2025-09', endMonth: '2026-02' });
    expect(lastFullMonths(new Date('2026-01-31T23:59:59Z'))).toEqual({ startMonth: '2025-07', endMonth: '2025-12' });
  });
});

describe('transformVisits', () => {
  it('keeps one whole number per month and their mean', () => {
    const data = transformVisits(monthly);
    expect(data.visitsByMonth).toEqual([
      { month: '2026-05', visits: 118204312 },
      { month: '2026-06', visits: 112893402 },
      { month: '2026-07', visits: 121457190 },
      { month: '2026-08', visits: 119012545 },
      { month: '2026-09', visits: 110238771 },
      { month: '2026-10', visits: 124560214 },
    ]);
    expect(data.monthlyVisits).toBe(117727739);
  });

  it('averages over the months present only, and accepts YYYY-MM dates', () => {
    expect(transformVisits(partial)).toEqual({ monthlyVisits: 20000, visitsByMonth: [{ month: '2026-09', visits: 20500 }, { month: '2026-10', visits: 19500 }] });
    expect(transformVisits({ visits: [{ date: '2024-01', visits: 45_000_000 }, { date: '2024-02', visits: null }] }).monthlyVisits).toBe(45_000_000);
  });

  it('gives null visits when no month has data', () => {
    expect(transformVisits({ visits: [] })).toEqual({ monthlyVisits: null, visitsByMonth: [] });
  });

  it('refuses an unexpected shape', () => {
    expect(() => transformVisits({ visits: [{ date: 'last month', visits: 1 }] })).toThrow(expect.objectContaining({ code: 'invalid_response' }));
  });
});

describe('throwOnSimilarWebError', () => {
  it('maps "Data not found" to not_found and passes successes', () => {
    expect(() => throwOnSimilarWebError('nobody.example', notFound)).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(() => throwOnSimilarWebError('x.com', { meta: { status: 'Error', error_code: 403, error_message: 'No permission' } })).toThrow(
      expect.objectContaining({ code: 'unauthorized' }),
    );
    expect(() => throwOnSimilarWebError('costco.com', monthly)).not.toThrow();
  });
});
