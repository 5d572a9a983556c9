import { describe, expect, it } from 'vitest';
import empty from './__fixtures__/domain-empty.json' with { type: 'json' };
import creditsError from './__fixtures__/domain-error-credits.json' with { type: 'json' };
import lookup from './__fixtures__/domain-lookup.json' with { type: 'json' };
import { throwOnBuiltWithErrors, transformBuiltWith } from './builtwith-transform.ts';

describe('transformBuiltWith', () => {
  it('merges technologies across paths into one sorted, deduplicated stack with ISO dates', () => {
    const data = transformBuiltWith('costco.com', lookup);
    expect(data.techSpendUsd).toBe(12450);
    expect(data.technologies.map((t) => t.name)).toEqual(['Adobe Experience Manager', 'Akamai', 'Algolia', 'Google Analytics']);
    expect(data.technologies.find((t) => t.name === 'Google Analytics')).toEqual({
      name: 'Google Analytics',
      tag: 'analytics',
      // Categories united; the earliest first and the latest last detection of the two paths.
      categories: ['Application Performance', 'Audience Measurement', 'Visitor Count Tracking', 'Conversion Optimization'],
      firstDetected: '2009-01-01T00:00:00.000Z',
      lastDetected: '2024-11-20T00:00:00.000Z',
    });
    expect(data.technologies.find((t) => t.name === 'Akamai')).toMatchObject({ tag: 'cdns', categories: [] });
  });

  it('reports a domain without technologies as not_found', () => {
    expect(() => transformBuiltWith('unknown-prospect.example', empty)).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(() => transformBuiltWith('x.com', { Results: [] })).toThrow(expect.objectContaining({ code: 'not_found' }));
  });

  it('refuses an unexpected shape as invalid_response, naming the path', () => {
    expect(() => transformBuiltWith('x.com', { Results: [{ Result: { Paths: [{ Technologies: [{ Name: 42 }] }] } }] })).toThrow(
      expect.objectContaining({ code: 'invalid_response', message: expect.stringContaining('Results.0.Result.Paths.0.Technologies.0.Name') }),
    );
  });
});

describe('throwOnBuiltWithErrors', () => {
  it('maps an error reported in a 200 to its code, without echoing the vendor message', () => {
    expect(() => throwOnBuiltWithErrors('costco.com', creditsError)).toThrow(
      expect.objectContaining({ code: 'unauthorized', retryable: false, message: 'builtwith refused the lookup of costco.com: the API credits are used up' }),
    );
    expect(() => throwOnBuiltWithErrors('costco.com', { Errors: [{ Code: -99, Message: 'oops' }] })).toThrow(expect.objectContaining({ code: 'server_error', retryable: true }));
    expect(() => throwOnBuiltWithErrors('costco.com', lookup)).not.toThrow();
  });
});
