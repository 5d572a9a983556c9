import { useEffect, useRef } from 'preact/hooks';
import type { CardState } from '../utils/card-state.ts';
import { type CardActions, IntelCard, tierStyle } from './IntelCard.tsx';

export interface OverlayProps extends CardActions {
  state: CardState;
  collapsed: boolean;
  onCollapsedChange: (collapsed: boolean) => void;
  /** Incremented to move keyboard focus to the overlay (the keyboard shortcut). */
  focusRequest?: number;
}

/** What the collapsed overlay says about its card. */
function summaryOf(state: CardState): string {
  switch (state.kind) {
    case 'loading':
      return 'Loading…';
    case 'card':
      return `${state.card.scoreLabel} · ${state.card.tierLabel}`;
    case 'not_enriched':
      return 'Not enriched';
    case 'enriching':
      return `Enriching ${state.progress}%`;
    case 'error':
      return 'Unavailable';
  }
}

/**
 * The floating card on Salesforce and LinkedIn: a toggle button (always reachable with Tab)
 * that expands and collapses the card; Esc collapses it and returns focus to the toggle.
 */
export function Overlay({ state, collapsed, onCollapsedChange, focusRequest, ...actions }: OverlayProps) {
  const toggle = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (focusRequest) toggle.current?.focus();
  }, [focusRequest]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || collapsed) return;
    event.preventDefault();
    onCollapsedChange(true);
    toggle.current?.focus();
  };

  return (
    <aside class="pf-overlay" data-collapsed={String(collapsed)} aria-label="PartnerForge account intel" onKeyDown={onKeyDown}>
      <button
        ref={toggle}
        type="button"
        class="pf-overlay__toggle"
        aria-expanded={!collapsed}
        aria-controls="pf-overlay-body"
        title={collapsed ? 'Show the PartnerForge card' : 'Hide the PartnerForge card (Esc)'}
        onClick={() => onCollapsedChange(!collapsed)}
      >
        <span class="pf-overlay__dot" aria-hidden="true" style={tierStyle(state.kind === 'card' ? state.card.tier : null)} />
        <span>PartnerForge</span>
        <span class="pf-overlay__summary">{summaryOf(state)}</span>
      </button>
      {!collapsed && (
        <div id="pf-overlay-body" class="pf-overlay__body">
          <IntelCard state={state} {...actions} />
        </div>
      )}
    </aside>
  );
}
