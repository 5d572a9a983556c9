import { findChangeEventsOfJob } from '../history/change-events.repository.ts';
import type { AlertsMatchPayload } from './alerts-match-payload.ts';
import { signalOfBudgetEvent, signalOfChangeEvent, signalOfSalesforceLimit } from './alert-signals.ts';
import { type RaiseAlertsDependencies, raiseAlerts } from './raise-alerts.ts';

/**
 * The `alerts.match` job: the change events an enrichment job recorded, one budget event or one
 * Salesforce API limit event, matched against the alert rules. Safe to run again (alerts are deduplicated per recipient).
 */
export async function runAlertsMatchJob(deps: RaiseAlertsDependencies, payload: AlertsMatchPayload): Promise<{ alerts: number }> {
  if (payload.kind === 'enrichment') {
    const events = await findChangeEventsOfJob(deps.db, payload.enrichmentJobId);
    return { alerts: (await raiseAlerts(deps, events.map(signalOfChangeEvent))).length };
  }
  if (payload.kind === 'salesforce_api_limit') return { alerts: (await raiseAlerts(deps, [signalOfSalesforceLimit(payload)])).length };
  const team = payload.teamId ? await deps.db.selectFrom('teams').select('name').where('id', '=', payload.teamId).executeTakeFirst() : undefined;
  return { alerts: (await raiseAlerts(deps, [signalOfBudgetEvent(payload, team?.name ?? null)])).length };
}
