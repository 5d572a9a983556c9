import { sql } from 'kysely';
import type { Db } from '../database/database.ts';
import { type PersonMatcher, eraseInJson, findInJson } from './person-matcher.ts';

/** One stored place that names the person. */
export interface PersonOccurrence {
  table: 'intel_snapshots' | 'change_events' | 'alerts';
  id: string;
  domain: string;
  /** Column, then the path inside a JSON column: `data.officers.0.name`, `summary`. */
  field: string;
  value: string;
}

const parseJson = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value);

/** Pre-filter in SQL: a row whose text contains any term (case- and spacing-insensitively); the matcher decides. */
const containsAny = (column: string, terms: readonly string[]) =>
  sql<boolean>`(${sql.join(terms.map((term) => sql`regexp_replace(lower(${sql.ref(column)}::text), '[[:space:]]+', ' ', 'g') like ${`%${term.replace(/[\\%_]/g, '\\$&')}%`}`), sql` or `)})`;

async function candidateRows(db: Db, matcher: PersonMatcher) {
  const terms = matcher.terms;
  if (terms.length === 0) return { snapshots: [], events: [], alerts: [] };
  const snapshots = await db
    .selectFrom('intel_snapshots')
    .select(['id', 'domain', 'data', 'diff_from_previous'])
    .where((eb) => eb.or([containsAny('data', terms), containsAny('diff_from_previous', terms)]))
    .execute();
  const events = await db
    .selectFrom('change_events')
    .select(['id', 'domain', 'old_value', 'new_value', 'summary', 'why_it_matters'])
    .where((eb) => eb.or(['old_value', 'new_value', 'summary', 'why_it_matters'].map((c) => containsAny(c, terms))))
    .execute();
  const alerts = await db
    .selectFrom('alerts')
    .select(['id', 'domain', 'title', 'body'])
    .where((eb) => eb.or(['title', 'body'].map((c) => containsAny(c, terms))))
    .execute();
  return { snapshots, events, alerts };
}

/** Every stored occurrence of the person: intel snapshots (data and diffs), change events, alerts. */
export async function findPersonOccurrences(db: Db, matcher: PersonMatcher): Promise<PersonOccurrence[]> {
  const { snapshots, events, alerts } = await candidateRows(db, matcher);
  const found: PersonOccurrence[] = [];
  const add = (table: PersonOccurrence['table'], id: string, domain: string, column: string, value: unknown) => {
    for (const hit of findInJson(value, matcher)) found.push({ table, id, domain, field: hit.path === '$' ? column : `${column}.${hit.path}`, value: hit.value });
  };
  for (const s of snapshots) {
    add('intel_snapshots', s.id, s.domain, 'data', parseJson(s.data));
    add('intel_snapshots', s.id, s.domain, 'diff_from_previous', parseJson(s.diff_from_previous));
  }
  for (const e of events) {
    for (const column of ['old_value', 'new_value'] as const) add('change_events', e.id, e.domain, column, parseJson(e[column]));
    add('change_events', e.id, e.domain, 'summary', e.summary);
    add('change_events', e.id, e.domain, 'why_it_matters', e.why_it_matters);
  }
  for (const a of alerts) {
    add('alerts', a.id, a.domain, 'title', a.title);
    add('alerts', a.id, a.domain, 'body', a.body);
  }
  return found;
}

/**
 * Replaces the person in place in every row that names them, in one transaction. Snapshots
 * keep their shape, module, version, source and fetch time: only the strings naming the person change.
 */
export async function erasePersonOccurrences(db: Db, matcher: PersonMatcher): Promise<PersonOccurrence[]> {
  return db.transaction().execute(async (trx) => {
    const occurrences = await findPersonOccurrences(trx, matcher);
    const { snapshots, events, alerts } = await candidateRows(trx, matcher);
    const touched = new Set(occurrences.map((o) => `${o.table}:${o.id}`));
    const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(eraseInJson(parseJson(value), matcher)));
    for (const s of snapshots.filter((row) => touched.has(`intel_snapshots:${row.id}`))) {
      await trx.updateTable('intel_snapshots').set({ data: json(s.data) as string, diff_from_previous: json(s.diff_from_previous) }).where('id', '=', s.id).execute();
    }
    for (const e of events.filter((row) => touched.has(`change_events:${row.id}`))) {
      await trx
        .updateTable('change_events')
        .set({ old_value: json(e.old_value), new_value: json(e.new_value), summary: matcher.erase(e.summary), why_it_matters: e.why_it_matters === null ? null : matcher.erase(e.why_it_matters) })
        .where('id', '=', e.id)
        .execute();
    }
    for (const a of alerts.filter((row) => touched.has(`alerts:${row.id}`))) {
      await trx.updateTable('alerts').set({ title: matcher.erase(a.title), body: a.body === null ? null : matcher.erase(a.body) }).where('id', '=', a.id).execute();
    }
    return occurrences;
  });
}
