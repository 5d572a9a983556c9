import type { ChangeEventRow } from '../history/change-events.repository.ts';
import type { AlertsMatchPayload } from './alerts-match-payload.ts';
import type { AlertSignal } from './match-alert-rules.ts';

/** What budget alerts carry as their domain: they concern a budget, not an account. */
export const BUDGET_ALERT_DOMAIN = 'budget';

/** What Salesforce limit alerts carry as their domain: they concern the org's connection, not an account. */
export const SALESFORCE_ALERT_DOMAIN = 'salesforce';

/** A change event as an alert signal: one alert per recipient per change event. */
export function signalOfChangeEvent(event: ChangeEventRow): AlertSignal {
  return {
    key: `change:${event.id}`,
    domain: event.domain,
    category: event.category,
    significance: event.significance,
    title: event.summary,
    body: event.why_it_matters ?? '',
    changeEventId: event.id,
    occurredAt: event.detected_at,
    audience: { kind: 'account' },
  };
}

const usd = (value: number) => `$${value.toFixed(2)}`;

/**
 * A budget event as an alert signal. Its key holds the month: a budget crossing its threshold
 * (or refusing calls) alerts each recipient once a month, however many calls it refuses.
 */
export function signalOfBudgetEvent(event: Extract<AlertsMatchPayload, { kind: 'budget' }>, teamName: string | null): AlertSignal {
  const month = event.occurredAt.slice(0, 7);
  const whose = event.teamId ? `${teamName ?? 'A team'}'s` : 'The organisation-wide';
  const what = `${whose} monthly budget for ${event.provider ?? 'all providers'}`;
  const exceeded = event.event === 'exceeded';
  return {
    key: `budget-${event.event}:${event.teamId ?? 'org'}:${event.provider ?? 'all'}:${month}`,
    domain: BUDGET_ALERT_DOMAIN,
    category: exceeded ? 'budget_exceeded' : 'budget_threshold',
    significance: exceeded ? 'critical' : 'high',
    title: exceeded ? `${what} is used up: paid calls are refused` : `${what} passed its alert threshold`,
    body: `${usd(event.spentUsd)} of ${usd(event.limitUsd)} spent in ${month}.${exceeded ? ' Enrichments skip paid providers until the budget is raised or the month ends.' : ''}`,
    changeEventId: null,
    occurredAt: new Date(event.occurredAt),
    audience: { kind: 'budget', teamId: event.teamId },
  };
}

const clock = (iso: string) => `${iso.slice(11, 16)} UTC`;

/**
 * Salesforce's API limit pausing the non-urgent sync, as an alert signal for the admins (the
 * org-wide audience of budget news). Its key holds the day: one alert per reason and day per
 * recipient, however often the pause is re-armed.
 */
export function signalOfSalesforceLimit(event: Extract<AlertsMatchPayload, { kind: 'salesforce_api_limit' }>): AlertSignal {
  const exceeded = event.reason === 'request_limit_exceeded';
  const usage = event.used !== null && event.limit !== null ? `${event.used.toLocaleString('en-US')} of ${event.limit.toLocaleString('en-US')} API requests used in the last 24 h` : 'Salesforce refused a request for the API limit';
  return {
    key: `salesforce-limit-${event.reason}:${event.occurredAt.slice(0, 10)}`,
    domain: SALESFORCE_ALERT_DOMAIN,
    category: 'salesforce_api_limit',
    significance: exceeded ? 'critical' : 'high',
    title: exceeded ? 'Salesforce refused requests: the org reached its daily API limit' : `Salesforce API usage passed ${Math.round(event.threshold * 100)}% of the daily limit`,
    body: exceeded
      ? `${usage}. Every Salesforce call waits until ${clock(event.pausedUntil)}, stage-change write-backs included; intel in PartnerForge is unaffected.`
      : `${usage}. Scheduled pulls, pushes and refreshes wait until ${clock(event.pausedUntil)}; write-backs for stage changes still go out.`,
    changeEventId: null,
    occurredAt: new Date(event.occurredAt),
    audience: { kind: 'budget', teamId: null },
  };
}
