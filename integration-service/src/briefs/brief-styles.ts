import { tokens, tokensToCssVariables } from '@partnerforge/shared/ui';

/**
 * The brief's stylesheet: the shared design tokens as CSS variables, a two-column card grid on
 * screen, and a print stylesheet (A4/Letter, one column, no shadows, cards not split across
 * pages, link targets written out where they matter).
 */
export const BRIEF_CSS = `
:root {
${tokensToCssVariables()}
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--pf-color-surface-muted); color: var(--pf-color-text); font-family: var(--pf-font-family); font-size: var(--pf-font-size-md); line-height: var(--pf-font-line-height); }
a { color: var(--pf-color-brand); }
.brief { max-width: 1100px; margin: 0 auto; padding: var(--pf-space-xl); display: flex; flex-direction: column; gap: var(--pf-space-lg); }
.brief-header { background: var(--pf-color-surface); border: 1px solid var(--pf-color-border); border-radius: var(--pf-radius-lg); padding: var(--pf-space-xl); }
.brief-header h1 { margin: 0 0 var(--pf-space-sm); font-size: 28px; display: flex; align-items: center; gap: var(--pf-space-md); flex-wrap: wrap; }
.eyebrow { margin: 0; text-transform: uppercase; letter-spacing: .08em; font-size: var(--pf-font-size-xs); color: var(--pf-color-text-muted); }
.description { font-size: var(--pf-font-size-lg); max-width: 70ch; }
.notice { background: var(--pf-color-warning-soft); color: var(--pf-color-warning); padding: var(--pf-space-sm) var(--pf-space-md); border-radius: var(--pf-radius-md); }
.tier-badge { font-size: var(--pf-font-size-md); border-radius: var(--pf-radius-pill); padding: 2px 12px; font-weight: var(--pf-font-weight-medium); }
.grid { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: var(--pf-space-lg); }
.card { background: var(--pf-color-surface); border: 1px solid var(--pf-color-border); border-radius: var(--pf-radius-lg); padding: var(--pf-space-lg) var(--pf-space-xl); }
.card h2 { margin: 0 0 var(--pf-space-md); font-size: var(--pf-font-size-lg); }
.card h3 { margin: var(--pf-space-lg) 0 var(--pf-space-sm); font-size: var(--pf-font-size-md); }
.card--lead { border-left: 4px solid var(--pf-color-brand); }
.card--missing { background: transparent; border-style: dashed; }
.muted { color: var(--pf-color-text-muted); }
.source { margin-top: var(--pf-space-md); font-size: var(--pf-font-size-xs); color: var(--pf-color-text-muted); }
.source .stale { color: var(--pf-color-warning); }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: var(--pf-space-xs) var(--pf-space-lg); margin: 0; }
.facts dt { color: var(--pf-color-text-muted); }
.facts dd { margin: 0; }
.big-number { font-size: var(--pf-font-size-xl); font-weight: var(--pf-font-weight-bold); margin: 0 0 var(--pf-space-sm); }
.traffic-chart { width: 100%; height: auto; }
.score-rows { list-style: none; margin: 0; padding: 0; display: grid; gap: var(--pf-space-sm); }
.score-row { display: grid; grid-template-columns: 9em 1fr 2.5em; gap: var(--pf-space-sm); align-items: center; }
.score-reason { grid-column: 1 / -1; font-size: var(--pf-font-size-sm); }
.score-bar { height: 8px; background: var(--pf-color-surface-muted); border-radius: var(--pf-radius-pill); overflow: hidden; }
.score-bar__fill { display: block; height: 100%; background: var(--pf-color-brand); }
.score-points { text-align: right; font-weight: var(--pf-font-weight-bold); }
.talking-points { margin: 0; padding-left: 1.4em; display: grid; gap: var(--pf-space-md); }
.talking-points p { margin: 0; }
.talking-points .source { margin-top: 2px; }
.tech-table { width: 100%; border-collapse: collapse; font-size: var(--pf-font-size-sm); }
.tech-table th { text-align: left; color: var(--pf-color-text-muted); font-weight: var(--pf-font-weight-medium); border-bottom: 1px solid var(--pf-color-border); padding: var(--pf-space-xs) var(--pf-space-sm); }
.tech-table td { border-bottom: 1px solid var(--pf-color-surface-muted); padding: var(--pf-space-xs) var(--pf-space-sm); }
.tech-table .key-tech td:first-child { font-weight: var(--pf-font-weight-bold); }
.timeline { list-style: none; margin: 0; padding: 0; display: grid; gap: var(--pf-space-md); }
.timeline-item { border-left: 3px solid var(--pf-color-border); padding-left: var(--pf-space-md); }
.timeline-item p { margin: 0 0 2px; }
.timeline-item--critical { border-left-color: ${tokens.color.danger}; }
.timeline-item--high { border-left-color: ${tokens.color.tier.warm}; }
.significance { display: inline-block; font-size: var(--pf-font-size-xs); text-transform: uppercase; letter-spacing: .05em; border-radius: var(--pf-radius-sm); padding: 0 6px; background: var(--pf-color-surface-muted); color: var(--pf-color-text-muted); }
.significance--critical { background: var(--pf-color-danger-soft); color: var(--pf-color-danger); }
.significance--high { background: var(--pf-color-warning-soft); color: var(--pf-color-warning); }
.executives { margin: 0; padding-left: 1.2em; }
.sources ul { margin: 0; padding-left: 1.2em; font-size: var(--pf-font-size-sm); word-break: break-all; }
@media (max-width: 760px) { .grid { grid-template-columns: 1fr; } .brief { padding: var(--pf-space-md); } }
@page { margin: 14mm; }
@media print {
  body { background: #fff; font-size: 11pt; }
  .brief { padding: 0; max-width: none; gap: 10pt; }
  .grid { grid-template-columns: 1fr 1fr; gap: 10pt; }
  .card, .brief-header { border-color: #bbb; padding: 10pt 12pt; box-shadow: none; }
  .card, .brief-header, .timeline-item, .talking-points li, .tech-table tr { break-inside: avoid; }
  .card h2 { break-after: avoid; }
  .card--missing { display: none; }
  a { color: inherit; text-decoration: none; }
  .talking-points .source a::after, .timeline .source a::after { content: " (" attr(href) ")"; word-break: break-all; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;
