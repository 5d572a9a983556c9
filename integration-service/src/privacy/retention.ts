import { z } from 'zod';
import type { Db } from '../database/database.ts';
import { recordAudit } from '../audit/audit-trail.ts';
import { ERASED, createPersonMatcher, eraseInJson } from './person-matcher.ts';

/** How long person data is kept unless refreshed, days (the data-retention policy). */
export const RETENTION_POLICY = { executivesDays: 365, hiringSignalsDays: 90 } as const;

const DAY_MS = 86_400_000;
const OfficersSchema = z.looseObject({ officers: z.array(z.looseObject({ name: z.string() })).catch([]).default([]) });
const parseJson = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value);

export interface RetentionResult {
  executiveSnapshots: number;
  executiveChangeEvents: number;
  executiveAlerts: number;
  hiringSignalsDeleted: number;
}

/**
 * Applies the retention policy at `now`:
 * - executives: a financials snapshot older than 365 days has been superseded or never
 *   refreshed; its officers' names (and the change events and alerts found in it) become
 *   `[erased]` — titles, figures, sources and the snapshot's shape stay;
 * - hiring signals: change events older than 90 days are deleted unless the company's
 *   context (careers page) was refreshed within 90 days.
 */
export async function applyRetention(db: Db, now: Date = new Date()): Promise<RetentionResult> {
  const executivesBefore = new Date(now.getTime() - RETENTION_POLICY.executivesDays * DAY_MS);
  const hiringBefore = new Date(now.getTime() - RETENTION_POLICY.hiringSignalsDays * DAY_MS);
  const result: RetentionResult = { executiveSnapshots: 0, executiveChangeEvents: 0, executiveAlerts: 0, hiringSignalsDeleted: 0 };

  const old = await db.selectFrom('intel_snapshots').select(['id', 'data', 'diff_from_previous']).where('module', '=', 'financials.yahoo').where('fetched_at', '<', executivesBefore).execute();
  for (const snapshot of old) {
    const data = parseJson(snapshot.data);
    const names = (OfficersSchema.safeParse(data).data?.officers ?? []).map((o) => o.name).filter((name) => name !== ERASED);
    if (names.length === 0) continue;
    const matchers = names.map((name) => createPersonMatcher({ name }));
    const erase = <T>(value: T): T => matchers.reduce((v, m) => eraseInJson(v, m), value);
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('intel_snapshots')
        .set({ data: JSON.stringify(erase(data)), diff_from_previous: snapshot.diff_from_previous === null ? null : JSON.stringify(erase(parseJson(snapshot.diff_from_previous))) })
        .where('id', '=', snapshot.id)
        .execute();
      const events = await trx.selectFrom('change_events').select(['id', 'old_value', 'new_value', 'summary', 'why_it_matters']).where('snapshot_id', '=', snapshot.id).execute();
      for (const e of events) {
        const json = (v: unknown) => (v === null ? null : JSON.stringify(erase(parseJson(v))));
        await trx.updateTable('change_events').set({ old_value: json(e.old_value), new_value: json(e.new_value), summary: erase(e.summary), why_it_matters: e.why_it_matters === null ? null : erase(e.why_it_matters) }).where('id', '=', e.id).execute();
      }
      if (events.length > 0) {
        const alerts = await trx.selectFrom('alerts').select(['id', 'title', 'body']).where('change_event_id', 'in', events.map((e) => e.id)).execute();
        for (const a of alerts) await trx.updateTable('alerts').set({ title: erase(a.title), body: a.body === null ? null : erase(a.body) }).where('id', '=', a.id).execute();
        result.executiveAlerts += alerts.length;
      }
      result.executiveChangeEvents += events.length;
    });
    result.executiveSnapshots += 1;
  }

  const deleted = await db
    .deleteFrom('change_events')
    .where('category', '=', 'hiring_signal')
    .where('detected_at', '<', hiringBefore)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('intel_snapshots as fresh').select('fresh.id').whereRef('fresh.domain', '=', 'change_events.domain').where('fresh.module', '=', 'company.context').where('fresh.fetched_at', '>=', hiringBefore))),
    )
    .executeTakeFirst();
  result.hiringSignalsDeleted = Number(deleted.numDeletedRows);

  await recordAudit(db, { via: 'job' }, { action: 'retention.applied', targetType: 'policy', targetId: 'retention', details: { ...result, policy: RETENTION_POLICY, at: now.toISOString() } });
  return result;
}
