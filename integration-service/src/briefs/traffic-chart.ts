import { h, type ComponentChild } from 'preact';
import { formatCompactNumber, tokens } from '@partnerforge/shared/ui';

export interface TrafficChartProps {
  /** Monthly visits, oldest first ("2026-05"). */
  months: ReadonlyArray<{ month: string; visits: number }>;
  width?: number;
  height?: number;
}

const PAD = { top: 16, right: 16, bottom: 28, left: 56 };

/**
 * Monthly visits as an inline SVG line-and-area chart: no script, no external asset, so it
 * renders the same on screen, in print and in a screenshot. Axis labels give the first and
 * last month and the peak; each point has a <title> with its value.
 */
export function TrafficChart({ months, width = 640, height = 200 }: TrafficChartProps): ComponentChild {
  const innerWidth = width - PAD.left - PAD.right;
  const innerHeight = height - PAD.top - PAD.bottom;
  const max = Math.max(...months.map((m) => m.visits), 1);
  const x = (i: number) => PAD.left + (months.length === 1 ? innerWidth / 2 : (i / (months.length - 1)) * innerWidth);
  const y = (visits: number) => PAD.top + innerHeight - (visits / max) * innerHeight;
  const points = months.map((m, i) => `${x(i).toFixed(1)},${y(m.visits).toFixed(1)}`);
  const baseline = PAD.top + innerHeight;
  const area = months.length > 1 ? `M${x(0).toFixed(1)},${baseline} L${points.join(' L')} L${x(months.length - 1).toFixed(1)},${baseline} Z` : '';
  const first = months[0];
  const last = months[months.length - 1];
  const label = first && last ? `Monthly visits from ${first.month} to ${last.month}, peaking at ${formatCompactNumber(max)}` : 'No monthly visits';
  const text = { fill: tokens.color.textMuted, 'font-size': 11, 'font-family': tokens.font.family };

  return h(
    'svg',
    { class: 'traffic-chart', role: 'img', 'aria-label': label, viewBox: `0 0 ${width} ${height}`, width, height, xmlns: 'http://www.w3.org/2000/svg' },
    h('title', null, label),
    h('line', { x1: PAD.left, y1: baseline, x2: width - PAD.right, y2: baseline, stroke: tokens.color.border, 'stroke-width': 1 }),
    h('line', { x1: PAD.left, y1: PAD.top, x2: width - PAD.right, y2: PAD.top, stroke: tokens.color.border, 'stroke-width': 1, 'stroke-dasharray': '3 3' }),
    h('text', { ...text, x: PAD.left - 8, y: PAD.top + 4, 'text-anchor': 'end' }, formatCompactNumber(max)),
    h('text', { ...text, x: PAD.left - 8, y: baseline + 4, 'text-anchor': 'end' }, '0'),
    area ? h('path', { d: area, fill: tokens.color.brandSoft, 'fill-opacity': 0.15 }) : null,
    points.length > 1 ? h('polyline', { points: points.join(' '), fill: 'none', stroke: tokens.color.brand, 'stroke-width': 2, 'stroke-linejoin': 'round' }) : null,
    ...months.map((m, i) => h('circle', { cx: x(i), cy: y(m.visits), r: 3, fill: tokens.color.brand }, h('title', null, `${m.month}: ${formatCompactNumber(m.visits)} visits`))),
    first ? h('text', { ...text, x: x(0), y: height - 8, 'text-anchor': months.length === 1 ? 'middle' : 'start' }, first.month) : null,
    last && months.length > 1 ? h('text', { ...text, x: x(months.length - 1), y: height - 8, 'text-anchor': 'end' }, last.month) : null,
  );
}
