/** A distribution in brief. */
export interface Percentiles {
  p50: number;
  p95: number;
  max: number;
  count: number;
}

/** Nearest-rank percentiles of `values` (all zero when empty). */
export function summarize(values: readonly number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? 0;
  return { p50: rank(0.5), p95: rank(0.95), max: sorted.at(-1) ?? 0, count: sorted.length };
}
