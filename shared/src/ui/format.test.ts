import { describe, expect, it } from 'vitest';
import { formatAge, formatCompactNumber, formatGrowth, formatMoney } from './format.ts';
import { briefUrl } from './links.ts';

describe('card formatting', () => {
  it('writes numbers, money and growth compactly', () => {
    expect(formatCompactNumber(12_345_678)).toBe('12.3M');
    expect(formatMoney(1_250_000_000)).toBe('$1.3B');
    expect(formatMoney(5_000, 'eur')).toBe('5K EUR');
    expect(formatGrowth(0.083)).toBe('+8.3%');
    expect(formatGrowth(-0.02)).toBe('−2.0%');
  });

  it('writes ages relative to now', () => {
    const now = new Date('2026-11-23T10:00:00Z');
    expect(formatAge(new Date('2026-11-23T09:59:50Z'), now)).toBe('just now');
    expect(formatAge(new Date('2026-11-23T09:55:00Z'), now)).toBe('5 minutes ago');
    expect(formatAge(new Date('2026-11-22T10:00:00Z'), now)).toBe('1 day ago');
    expect(formatAge(new Date('2026-08-23T10:00:00Z'), now)).toBe('3 months ago');
  });

  it('links to the brief page of a domain', () => {
    expect(briefUrl('https://pf.example.com/', 'acme-shop.com')).toBe('https://pf.example.com/briefs/acme-shop.com');
  });
});
