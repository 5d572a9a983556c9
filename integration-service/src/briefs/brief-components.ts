import { h, type ComponentChild, type ComponentChildren } from 'preact';
import type { Significance, Tier } from '@partnerforge/shared/schemas';
import { onTierColor, tierColor } from '@partnerforge/shared/ui';
import type { SourceRef } from './brief-sources.ts';

// The card pieces of the brief: the same view model (shared/ui) and design tokens as the
// extension's card, laid out for a page. Components are plain functions of their props.

const dateFormat = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });

/** A URL fit for an href: http(s) only (scraped data must never become a `javascript:` link). */
export function safeHref(url: string | null | undefined): string | undefined {
  return url && /^https?:\/\//i.test(url) ? url : undefined;
}

/** "Nov 20, 2026" (UTC), or "—" when unknown. */
export function formatDate(value: string | Date | null | undefined): string {
  if (value === null || value === undefined) return '—';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? '—' : dateFormat.format(date);
}

export function TierBadge({ tier, label, score }: { tier: Tier | null; label: string; score: string }): ComponentChild {
  return h('span', { class: 'tier-badge', style: { background: tierColor(tier), color: onTierColor(tier) } }, h('strong', null, score), ' ', label);
}

export function SignificanceBadge({ significance }: { significance: Significance }): ComponentChild {
  return h('span', { class: `significance significance--${significance}` }, significance);
}

/** "Source: BuiltWith (link) · Nov 20, 2026" for each source a fact rests on. */
export function SourceLine({ sources }: { sources: readonly SourceRef[] }): ComponentChild {
  return h(
    'footer',
    { class: 'source' },
    'Source: ',
    ...sources.flatMap((source, i) => [
      i > 0 ? '; ' : '',
      h(
        'span',
        { class: 'source-item', 'data-source-module': source.module },
        source.linkable ? h('a', { href: source.url, rel: 'noreferrer' }, source.label) : h('span', { title: source.url }, source.label),
        ' · ',
        h('time', { dateTime: source.fetchedAt }, formatDate(source.fetchedAt)),
        source.fresh ? '' : h('span', { class: 'stale' }, ' (due for a refresh)'),
      ),
    ]),
  );
}

/** A card holding one kind of fact; `fact` names it for tests and print styles. Without sources it says what is missing instead. */
export function FactCard(props: { fact: string; title: string; sources: readonly (SourceRef | undefined)[]; missing?: string; wide?: boolean; children?: ComponentChildren }): ComponentChild {
  const sources = props.sources.filter((s): s is SourceRef => s !== undefined);
  const className = `card${props.wide ? ' card--wide' : ''}`;
  if (sources.length === 0 || props.missing) {
    return h('section', { class: `${className} card--missing`, 'data-missing': props.fact }, h('h2', null, props.title), h('p', { class: 'muted' }, props.missing ?? 'Not known yet.'));
  }
  return h('section', { class: className, 'data-fact': props.fact }, h('h2', null, props.title), props.children, h(SourceLine, { sources }));
}

/** Label–value pairs; a null value reads "—". */
export function Facts({ rows }: { rows: ReadonlyArray<[label: string, value: ComponentChildren | null]> }): ComponentChild {
  return h('dl', { class: 'facts' }, ...rows.flatMap(([label, value]) => [h('dt', null, label), h('dd', null, value ?? '—')]));
}

/** Points for one scoring factor, as a bar against its weight. */
export function ScoreBar({ factor, points, max, reason }: { factor: string; points: number; max: number; reason: string }): ComponentChild {
  const width = `${Math.max(0, Math.min(100, (points / Math.max(max, 1)) * 100)).toFixed(0)}%`;
  return h(
    'li',
    { class: 'score-row' },
    h('span', { class: 'score-factor' }, factor),
    h('span', { class: 'score-bar' }, h('span', { class: 'score-bar__fill', style: { width } })),
    h('span', { class: 'score-points' }, `${points}`),
    h('span', { class: 'score-reason muted' }, reason),
  );
}
