/** Number formatting shared by every card surface; pure and locale-fixed (en-US) so output is stable. */

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** 12 300 000 → "12.3M", 950 → "950". */
export function formatCompactNumber(value: number): string {
  return compact.format(value);
}

/** 1 250 000 000 USD → "$1.3B"; another currency is written after the number ("1.3B EUR"). */
export function formatMoney(value: number, currency: string | null = 'USD'): string {
  const amount = compact.format(value);
  return currency === null || currency.toUpperCase() === 'USD' ? `$${amount}` : `${amount} ${currency.toUpperCase()}`;
}

/** 0.083 → "+8.3%", -0.02 → "−2.0%" (a fraction in, a signed percentage out). */
export function formatGrowth(fraction: number): string {
  const percent = (fraction * 100).toFixed(1);
  return fraction > 0 ? `+${percent}%` : fraction < 0 ? `−${percent.replace('-', '')}%` : '0.0%';
}

/** 31 000 → "31,000". */
export function formatCount(value: number): string {
  return whole.format(value);
}

const UNITS: Array<[limitMs: number, unitMs: number, unit: string]> = [
  [60_000, 1_000, 'second'],
  [3_600_000, 60_000, 'minute'],
  [86_400_000, 3_600_000, 'hour'],
  [30 * 86_400_000, 86_400_000, 'day'],
  [365 * 86_400_000, 30 * 86_400_000, 'month'],
  [Number.POSITIVE_INFINITY, 365 * 86_400_000, 'year'],
];

/** How long ago `then` was, seen from `now`: "just now", "5 minutes ago", "3 days ago". */
export function formatAge(then: Date, now: Date): string {
  const elapsed = Math.max(0, now.getTime() - then.getTime());
  if (elapsed < 45_000) return 'just now';
  for (const [limit, size, unit] of UNITS) {
    if (elapsed < limit) {
      const count = Math.max(1, Math.round(elapsed / size));
      return `${count} ${unit}${count === 1 ? '' : 's'} ago`;
    }
  }
  return 'long ago';
}
