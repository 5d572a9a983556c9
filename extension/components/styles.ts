import { tokensToCssVariables } from '@partnerforge/shared/ui';

// Styles as strings so one definition serves the overlay's shadow root (passed to WXT's
// createShadowRootUi) and the popup and options pages (a <style> element). Every colour, size
// and radius is a design token from `@partnerforge/shared/ui`, as on the brief page.

const variables = tokensToCssVariables();

/** The card, in every state. */
export const cardCss = `
.pf-card { font-family: var(--pf-font-family); font-size: var(--pf-font-size-md); line-height: var(--pf-font-line-height);
  color: var(--pf-color-text); background: var(--pf-color-surface); display: grid; gap: var(--pf-space-md); }
.pf-card * { box-sizing: border-box; }
.pf-card h2, .pf-card h3, .pf-card p, .pf-card dl, .pf-card dd, .pf-card ul { margin: 0; }
.pf-card__header { display: flex; gap: var(--pf-space-md); align-items: center; }
.pf-card__title { font-size: var(--pf-font-size-lg); font-weight: var(--pf-font-weight-bold); }
.pf-card__domain, .pf-muted { color: var(--pf-color-text-muted); font-size: var(--pf-font-size-sm); }
.pf-score { display: grid; place-items: center; min-width: 56px; padding: var(--pf-space-xs) var(--pf-space-sm);
  border-radius: var(--pf-radius-md); background: var(--pf-tier-bg); color: var(--pf-tier-fg); }
.pf-score__value { font-size: var(--pf-font-size-xl); font-weight: var(--pf-font-weight-bold); line-height: 1; }
.pf-score__tier { font-size: var(--pf-font-size-xs); text-transform: uppercase; letter-spacing: 0.06em; }
.pf-section h3 { font-size: var(--pf-font-size-xs); text-transform: uppercase; letter-spacing: 0.06em;
  color: var(--pf-color-text-muted); margin-bottom: var(--pf-space-xs); }
.pf-facts { display: grid; grid-template-columns: max-content 1fr; gap: var(--pf-space-xs) var(--pf-space-md); }
.pf-facts dt { color: var(--pf-color-text-muted); }
.pf-facts dd { font-weight: var(--pf-font-weight-medium); }
.pf-chips { display: flex; flex-wrap: wrap; gap: var(--pf-space-xs); padding: 0; list-style: none; }
.pf-chips li { padding: 2px var(--pf-space-sm); border-radius: var(--pf-radius-pill); background: var(--pf-color-surface-muted);
  border: 1px solid var(--pf-color-border); font-size: var(--pf-font-size-sm); }
.pf-changes { padding-left: var(--pf-space-lg); }
.pf-changes li[data-significance="critical"], .pf-changes li[data-significance="high"] { font-weight: var(--pf-font-weight-bold); }
.pf-banner { padding: var(--pf-space-sm) var(--pf-space-md); border-radius: var(--pf-radius-md); font-size: var(--pf-font-size-sm);
  background: var(--pf-color-surface-muted); display: flex; gap: var(--pf-space-sm); align-items: center; justify-content: space-between; }
.pf-banner--warning { background: var(--pf-color-warning-soft); color: var(--pf-color-warning); }
.pf-banner--danger { background: var(--pf-color-danger-soft); color: var(--pf-color-danger); }
.pf-card__footer { display: flex; flex-wrap: wrap; gap: var(--pf-space-md); align-items: center; font-size: var(--pf-font-size-sm); }
.pf-card a { color: var(--pf-color-brand); }
.pf-button { font: inherit; font-weight: var(--pf-font-weight-medium); cursor: pointer; border-radius: var(--pf-radius-md);
  padding: var(--pf-space-xs) var(--pf-space-md); border: 1px solid var(--pf-color-brand); background: var(--pf-color-brand);
  color: var(--pf-color-text-inverse); }
.pf-button--quiet { background: transparent; color: var(--pf-color-brand); }
.pf-card :focus-visible, .pf-overlay :focus-visible, .pf-page :focus-visible { outline: 2px solid var(--pf-color-focus); outline-offset: 2px; }
.pf-progress { width: 100%; accent-color: var(--pf-color-brand); }
.pf-skeleton { height: 12px; border-radius: var(--pf-radius-sm); background: var(--pf-color-surface-muted); }
.pf-sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;

/** The floating, collapsible overlay on Salesforce and LinkedIn (inside its own shadow root). */
export const overlayCss = `
:host { ${variables} all: initial; }
.pf-overlay { position: fixed; right: var(--pf-space-lg); bottom: var(--pf-space-lg); z-index: var(--pf-z-index-overlay);
  width: 340px; max-width: calc(100vw - 2 * var(--pf-space-lg)); max-height: calc(100vh - 2 * var(--pf-space-lg));
  display: flex; flex-direction: column; font-family: var(--pf-font-family); color: var(--pf-color-text);
  background: var(--pf-color-surface); border: 1px solid var(--pf-color-border); border-radius: var(--pf-radius-lg);
  box-shadow: var(--pf-shadow-raised); overflow: hidden; }
.pf-overlay[data-collapsed="true"] { width: auto; }
.pf-overlay__toggle { display: flex; align-items: center; gap: var(--pf-space-sm); width: 100%; border: 0; cursor: pointer;
  padding: var(--pf-space-sm) var(--pf-space-md); background: var(--pf-color-surface-inverse); color: var(--pf-color-text-inverse);
  font: inherit; font-size: var(--pf-font-size-sm); font-weight: var(--pf-font-weight-bold); text-align: left; }
.pf-overlay__dot { width: 10px; height: 10px; border-radius: var(--pf-radius-pill); background: var(--pf-tier-bg); flex: none; }
.pf-overlay__summary { margin-left: auto; font-weight: var(--pf-font-weight-regular); }
.pf-overlay__body { padding: var(--pf-space-md); overflow: auto; }
${cardCss}
`;

/** The popup and options pages. */
export const pageCss = `
:root { ${variables} }
body { margin: 0; background: var(--pf-color-surface); }
.pf-page { font-family: var(--pf-font-family); font-size: var(--pf-font-size-md); color: var(--pf-color-text);
  padding: var(--pf-space-lg); display: grid; gap: var(--pf-space-md); }
.pf-page--popup { width: 360px; }
.pf-page--options { max-width: 560px; }
.pf-page h1 { font-size: var(--pf-font-size-lg); margin: 0; }
.pf-form { display: grid; gap: var(--pf-space-md); }
.pf-form label { display: grid; gap: var(--pf-space-xs); font-weight: var(--pf-font-weight-medium); }
.pf-form input[type="url"], .pf-form input[type="password"], .pf-form input[type="text"] { font: inherit; padding: var(--pf-space-sm);
  border: 1px solid var(--pf-color-border); border-radius: var(--pf-radius-md); }
.pf-form .pf-check { display: flex; gap: var(--pf-space-sm); align-items: flex-start; font-weight: var(--pf-font-weight-regular); }
.pf-form .pf-hint { font-weight: var(--pf-font-weight-regular); color: var(--pf-color-text-muted); font-size: var(--pf-font-size-sm); }
${cardCss}
`;
