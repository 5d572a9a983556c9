/** Small text helpers shared by the Block Kit builders; pure and locale-independent. */

/** Escapes the three characters Slack's mrkdwn treats as control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts `text` to at most `max` characters, ending with an ellipsis when it had to cut. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1)).trimEnd()}…`;
}

/** 45_300_000 → "45.3M", 812_000 → "812K", 950 → "950". */
export function formatCompact(value: number): string {
  const abs = Math.abs(value);
  const units: Array<[number, string]> = [
    [1e12, 'T'],
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'K'],
  ];
  for (const [size, suffix] of units) {
    if (abs >= size) {
      const scaled = value / size;
      return `${scaled >= 100 ? scaled.toFixed(0) : scaled.toFixed(1).replace(/\.0$/, '')}${suffix}`;
    }
  }
  return String(Math.round(value));
}

/** 421_300_000_000 → "$421B" (other currencies keep their code: "EUR 12.5B"). */
export function formatMoney(value: number, currency: string | null = 'USD'): string {
  const amount = formatCompact(value);
  return !currency || currency === 'USD' ? `$${amount}` : `${currency} ${amount}`;
}

/** 0.051 → "+5.1%", -0.2 → "−20%". */
export function formatGrowth(ratio: number): string {
  const pct = ratio * 100;
  const text = Math.abs(pct) >= 10 ? Math.abs(pct).toFixed(0) : Math.abs(pct).toFixed(1).replace(/\.0$/, '');
  return `${pct >= 0 ? '+' : '−'}${text}%`;
}

/** 316000 → "316,000". */
export function formatInteger(value: number): string {
  return Math.round(value).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** How long ago `iso` was, coarsely: "just now", "5 min ago", "3 h ago", "2 days ago". */
export function formatAge(iso: string, now: Date): string {
  const seconds = Math.max(0, (now.getTime() - new Date(iso).getTime()) / 1000);
  if (seconds < 60) return 'just now';
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  const days = Math.floor(seconds / 86_400);
  return days === 1 ? 'yesterday' : `${days} days ago`;
}
