import type { CardViewModel } from '@partnerforge/shared/ui';
import { onTierColor, tierColor } from '@partnerforge/shared/ui';
import type { CSSProperties } from 'preact';
import { type CardState, describeCardError } from '../utils/card-state.ts';

export interface CardActions {
  /** Start enriching the card's domain (not enriched yet, or stale). */
  onEnrich?: () => void;
  /** Load the card again after an error. */
  onRetry?: () => void;
  /** Open the extension's options (missing or refused key). */
  onOpenOptions?: () => void;
}

export interface IntelCardProps extends CardActions {
  state: CardState;
}

/** The intel card in each of its states: loading, the card (fresh or stale), not enriched, enriching, error. */
export function IntelCard({ state, ...actions }: IntelCardProps) {
  switch (state.kind) {
    case 'loading':
      return (
        <div class="pf-card" data-state="loading" role="status" aria-busy="true">
          <span class="pf-sr">Loading PartnerForge intel…</span>
          <div class="pf-skeleton" style={{ width: '60%' }} />
          <div class="pf-skeleton" />
          <div class="pf-skeleton" style={{ width: '80%' }} />
        </div>
      );
    case 'card':
      return <CardBody card={state.card} notice={state.notice} onEnrich={actions.onEnrich} />;
    case 'not_enriched':
      return (
        <div class="pf-card" data-state="not-enriched">
          <p>
            <strong>{state.domain}</strong> is not enriched yet.
          </p>
          {actions.onEnrich && (
            <button type="button" class="pf-button" onClick={actions.onEnrich}>
              Enrich
            </button>
          )}
        </div>
      );
    case 'enriching':
      return (
        <div class="pf-card" data-state="enriching" role="status">
          <p>
            Enriching <strong>{state.domain}</strong>… {state.progress}%
          </p>
          <progress class="pf-progress" max={100} value={state.progress} aria-label={`Enrichment progress of ${state.domain}`} />
        </div>
      );
    case 'error': {
      const { title, action } = describeCardError(state.error);
      return (
        <div class="pf-card" data-state="error" data-error={state.error.kind} role="alert">
          <p class="pf-banner pf-banner--danger">
            <strong>{title}</strong>
          </p>
          <p>{state.error.message}</p>
          {action === 'open_options' && actions.onOpenOptions && (
            <button type="button" class="pf-button" onClick={actions.onOpenOptions}>
              Open settings
            </button>
          )}
          {action === 'retry' && actions.onRetry && (
            <button type="button" class="pf-button pf-button--quiet" onClick={actions.onRetry}>
              Try again
            </button>
          )}
        </div>
      );
    }
  }
}

/** Custom properties that colour the score block and the overlay's dot by tier. */
export function tierStyle(tier: CardViewModel['tier']): CSSProperties {
  return { '--pf-tier-bg': tierColor(tier), '--pf-tier-fg': onTierColor(tier) };
}

function CardBody({ card, notice, onEnrich }: { card: CardViewModel; notice?: string | undefined; onEnrich?: (() => void) | undefined }) {
  return (
    <article class="pf-card" data-state={card.freshness} aria-label={`PartnerForge intel on ${card.title}`}>
      <header class="pf-card__header">
        <div class="pf-score" data-tier={card.tier ?? 'none'} style={tierStyle(card.tier)}>
          <span class="pf-score__value" data-field="score">
            {card.scoreLabel}
          </span>
          <span class="pf-score__tier" data-field="tier">
            {card.tierLabel}
          </span>
        </div>
        <div>
          <h2 class="pf-card__title">{card.title}</h2>
          <p class="pf-card__domain">{card.domain}</p>
        </div>
      </header>

      {card.freshness === 'stale' && (
        <p class="pf-banner pf-banner--warning" role="note">
          <span>Some data is out of date ({card.staleModules.join(', ')}).</span>
          {onEnrich && (
            <button type="button" class="pf-button pf-button--quiet" onClick={onEnrich}>
              Refresh
            </button>
          )}
        </p>
      )}
      {notice && (
        <p class="pf-banner" role="note">
          {notice}
        </p>
      )}

      <dl class="pf-facts">
        <dt>Search</dt>
        <dd data-field="search-vendor">{card.searchVendorLabel}</dd>
        {card.partnerPlatforms.length > 0 && (
          <>
            <dt>Platforms</dt>
            <dd data-field="platforms">{card.partnerPlatforms.join(', ')}</dd>
          </>
        )}
        <dt>Traffic</dt>
        <dd data-field="traffic">{card.trafficLabel ?? 'Unknown'}</dd>
        {card.techSpendLabel !== null && (
          <>
            <dt>Tech spend</dt>
            <dd data-field="tech-spend">{card.techSpendLabel}</dd>
          </>
        )}
      </dl>

      {card.keyTechnologies.length > 0 && (
        <section class="pf-section">
          <h3>Key technologies</h3>
          <ul class="pf-chips" data-field="technologies">
            {card.keyTechnologies.map((name) => (
              <li key={name}>{name}</li>
            ))}
            {card.moreTechnologies > 0 && <li>+{card.moreTechnologies} more</li>}
          </ul>
        </section>
      )}

      {card.financials && (
        <section class="pf-section" data-field="financials">
          <h3>Financials</h3>
          <dl class="pf-facts">
            <dt>Ticker</dt>
            <dd>{card.financials.exchange ? `${card.financials.exchange}: ${card.financials.ticker}` : card.financials.ticker}</dd>
            {card.financials.marketCap && (
              <>
                <dt>Market cap</dt>
                <dd>{card.financials.marketCap}</dd>
              </>
            )}
            {card.financials.revenue && (
              <>
                <dt>Revenue</dt>
                <dd>
                  {card.financials.revenue}
                  {card.financials.revenueGrowth && ` (${card.financials.revenueGrowth})`}
                </dd>
              </>
            )}
            {card.financials.employees && (
              <>
                <dt>Employees</dt>
                <dd>{card.financials.employees}</dd>
              </>
            )}
          </dl>
        </section>
      )}

      {card.breakdown.length > 0 && (
        <details class="pf-section" data-field="breakdown">
          <summary>Why {card.scoreLabel}?</summary>
          <ul class="pf-changes">
            {card.breakdown.map((item) => (
              <li key={item.factor}>
                {item.factor}: +{item.points} ({item.reason})
              </li>
            ))}
          </ul>
        </details>
      )}

      <section class="pf-section" data-field="changes">
        <h3>What changed</h3>
        {card.changes.length > 0 ? (
          <ul class="pf-changes">
            {card.changes.map((change) => (
              <li key={`${change.detectedAt}-${change.summary}`} data-significance={change.significance}>
                {change.summary}
              </li>
            ))}
          </ul>
        ) : (
          <p class="pf-muted">No changes recorded since the last enrichment.</p>
        )}
      </section>

      <footer class="pf-card__footer">
        <span class="pf-muted" data-field="enriched">
          {card.lastEnrichedLabel}
        </span>
        {card.links.brief && (
          <a href={card.links.brief} target="_blank" rel="noopener noreferrer">
            Open brief
          </a>
        )}
        {card.links.salesforce && (
          <a href={card.links.salesforce} target="_blank" rel="noopener noreferrer">
            Open in Salesforce
          </a>
        )}
      </footer>
    </article>
  );
}
