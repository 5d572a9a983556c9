import { h, type ComponentChild } from 'preact';
import { FactCard, Facts, ScoreBar, SignificanceBadge, SourceLine, TierBadge, formatDate, safeHref } from './brief-components.ts';
import type { BriefModel } from './brief.service.ts';
import { moduleLabel } from './brief-sources.ts';
import { TrafficChart } from './traffic-chart.ts';

/** Weight of each factor in the default ICP profile, the bars' full length. */
const FACTOR_WEIGHTS: Record<string, number> = { Vertical: 40, Traffic: 30, 'Tech spend': 20, 'Partner technology': 10 };
/** Technologies listed before "and N more". */
const TECHNOLOGY_ROWS = 40;

function Header({ model }: { model: BriefModel }): ComponentChild {
  const { card, intel, sources } = model;
  const linkedin = safeHref(intel.company?.linkedinUrl);
  const salesforce = safeHref(model.salesforceUrl);
  const links = [
    h('a', { href: `https://${card.domain}`, rel: 'noreferrer' }, card.domain),
    linkedin ? h('a', { href: linkedin, rel: 'noreferrer' }, 'LinkedIn') : null,
    salesforce ? h('a', { href: salesforce, rel: 'noreferrer' }, 'Salesforce') : null,
  ].filter(Boolean);
  return h(
    'header',
    { class: 'brief-header', 'data-fact': 'company' },
    h('p', { class: 'eyebrow' }, 'Pre-call brief'),
    h('h1', null, card.title, ' ', h(TierBadge, { tier: card.tier, label: card.tierLabel, score: card.scoreLabel })),
    h('p', { class: 'links' }, ...links.flatMap((link, i) => (i ? [' · ', link] : [link]))),
    card.description ? h('p', { class: 'description' }, card.description) : null,
    card.freshness === 'stale' ? h('p', { class: 'notice' }, `Some intel is due for a refresh: ${card.staleModules.map(moduleLabel).join(', ')}.`) : null,
    h('p', { class: 'muted' }, `${card.lastEnrichedLabel} · brief generated ${formatDate(model.generatedAt)}`),
    h(SourceLine, { sources: [sources['company.context'] ?? sources['website.fingerprint'], sources.score].filter((s) => s !== undefined) }),
  );
}

function TalkingPoints({ model }: { model: BriefModel }): ComponentChild {
  const points = model.talkingPoints;
  if (points.length === 0) return h(FactCard, { fact: 'talking-points', title: 'Talking points', sources: [], missing: 'No signal strong enough for a talking point yet.', wide: true });
  return h(
    'section',
    { class: 'card card--wide card--lead', 'data-fact': 'talking-points' },
    h('h2', null, 'Talking points'),
    h('ol', { class: 'talking-points' }, ...points.map((point) => h('li', { 'data-fact': 'talking-point' }, h('p', null, point.text), h(SourceLine, { sources: [point.source] })))),
  );
}

function ScoreBreakdown({ model }: { model: BriefModel }): ComponentChild {
  const { card, sources } = model;
  return h(
    FactCard,
    { fact: 'score', title: card.score === null ? 'Score' : `Score ${card.scoreLabel} · ${card.tierLabel}`, sources: [sources.score], missing: card.breakdown.length ? undefined : 'Not scored yet.' },
    h('ul', { class: 'score-rows' }, ...card.breakdown.map((row) => h(ScoreBar, { ...row, max: FACTOR_WEIGHTS[row.factor] ?? 40 }))),
  );
}

function SearchAndPlatforms({ model }: { model: BriefModel }): ComponentChild {
  const { card, sources } = model;
  return h(
    FactCard,
    { fact: 'search', title: 'Search and platforms', sources: [sources['website.fingerprint']] },
    h(Facts, { rows: [['Site search', h('strong', null, card.searchVendorLabel)], ['Partner platforms', card.partnerPlatforms.join(', ') || 'None detected'], ['Tech spend', card.techSpendLabel]] }),
  );
}

function Technologies({ model }: { model: BriefModel }): ComponentChild {
  const { intel, sources } = model;
  const websiteSeen = sources['website.fingerprint']?.fetchedAt ?? null;
  const key = new Set(model.card.keyTechnologies);
  const ordered = [...intel.technologies].sort((a, b) => Number(key.has(b.name)) - Number(key.has(a.name)) || a.name.localeCompare(b.name));
  const rows = ordered.slice(0, TECHNOLOGY_ROWS);
  return h(
    FactCard,
    { fact: 'technologies', title: `Technologies (${intel.technologies.length})`, sources: [sources['website.fingerprint'], sources['tech.builtwith']], missing: intel.technologies.length ? undefined : 'No technologies detected yet.', wide: true },
    h(
      'table',
      { class: 'tech-table' },
      h('thead', null, h('tr', null, h('th', null, 'Technology'), h('th', null, 'Category'), h('th', null, 'First seen'), h('th', null, 'Last seen'), h('th', null, 'Seen by'))),
      h(
        'tbody',
        null,
        ...rows.map((tech) =>
          h(
            'tr',
            { class: key.has(tech.name) ? 'key-tech' : undefined },
            h('td', null, tech.name),
            h('td', { class: 'muted' }, tech.categories.slice(0, 2).join(', ')),
            h('td', null, formatDate(tech.firstDetected ?? model.firstSeenOnWebsite[tech.name.toLowerCase()] ?? null)),
            // The website scan saw it when it ran; BuiltWith says when it last did.
            h('td', null, formatDate(tech.lastDetected ?? (tech.sources.includes('website.fingerprint') ? websiteSeen : null))),
            h('td', { class: 'muted' }, tech.sources.map(moduleLabel).join(', ')),
          ),
        ),
      ),
    ),
    ordered.length > rows.length ? h('p', { class: 'muted' }, `and ${ordered.length - rows.length} more`) : null,
  );
}

function Traffic({ model }: { model: BriefModel }): ComponentChild {
  const { card, intel, sources } = model;
  const months = intel.traffic?.visitsByMonth ?? [];
  return h(
    FactCard,
    { fact: 'traffic', title: 'Traffic', sources: [sources['traffic.similarweb']], missing: intel.traffic ? undefined : 'No traffic data yet.' },
    h('p', { class: 'big-number' }, card.trafficLabel ?? 'Unknown'),
    months.length ? h(TrafficChart, { months, width: 560, height: 180 }) : h('p', { class: 'muted' }, 'No monthly history.'),
  );
}

function Financials({ model }: { model: BriefModel }): ComponentChild {
  const { card, sources, executives } = model;
  const f = card.financials;
  return h(
    FactCard,
    { fact: 'financials', title: 'Financial highlights', sources: [sources['financials.yahoo']], missing: f || executives.length ? undefined : 'Not a listed company, or not found on Yahoo Finance.' },
    f ? h(Facts, { rows: [['Ticker', `${f.ticker}${f.exchange ? ` (${f.exchange})` : ''}`], ['Market cap', f.marketCap], ['Revenue (TTM)', f.revenue], ['Revenue growth', f.revenueGrowth], ['Employees', f.employees]] }) : null,
    executives.length ? h('h3', null, 'Executives') : null,
    executives.length ? h('ul', { class: 'executives' }, ...executives.slice(0, 8).map((e) => h('li', null, h('strong', null, e.name), ` — ${e.title}`))) : null,
  );
}

function Timeline({ model }: { model: BriefModel }): ComponentChild {
  if (model.changes.length === 0) return h(FactCard, { fact: 'timeline', title: 'What changed', sources: [], missing: 'No changes since the first enrichment.', wide: true });
  return h(
    'section',
    { class: 'card card--wide', 'data-fact': 'timeline' },
    h('h2', null, 'What changed'),
    h(
      'ol',
      { class: 'timeline' },
      ...model.changes.map((change) => {
        const source = model.changeSources[change.snapshot_id];
        return h(
          'li',
          { class: `timeline-item timeline-item--${change.significance}`, 'data-fact': 'change' },
          h('p', null, h('time', { dateTime: change.detected_at.toISOString() }, formatDate(change.detected_at)), ' ', h(SignificanceBadge, { significance: change.significance }), ' ', h('strong', null, change.summary)),
          change.why_it_matters ? h('p', { class: 'muted' }, change.why_it_matters) : null,
          source ? h(SourceLine, { sources: [source] }) : null,
        );
      }),
    ),
  );
}

function Sources({ model }: { model: BriefModel }): ComponentChild {
  const all = Object.values(model.sources);
  return h(
    'section',
    { class: 'card card--wide sources' },
    h('h2', null, 'Sources'),
    h('ul', null, ...all.map((s) => h('li', null, h('strong', null, s.label), ' — ', s.linkable ? h('a', { href: s.url, rel: 'noreferrer' }, s.url) : s.url, ` · fetched ${formatDate(s.fetchedAt)}`))),
  );
}

/** The whole brief: header, talking points, then one card per kind of fact, timeline and sources. */
export function BriefPage({ model }: { model: BriefModel }): ComponentChild {
  return h(
    'main',
    { class: 'brief' },
    h(Header, { model }),
    h(TalkingPoints, { model }),
    h('div', { class: 'grid' }, h(ScoreBreakdown, { model }), h(SearchAndPlatforms, { model }), h(Traffic, { model }), h(Financials, { model })),
    h(Technologies, { model }),
    h(Timeline, { model }),
    h(Sources, { model }),
  );
}
