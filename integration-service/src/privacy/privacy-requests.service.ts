import type { PrivacyRequest } from '@partnerforge/shared/schemas';
import type { Db } from '../database/database.ts';
import { type AuditActor, recordAudit } from '../audit/audit-trail.ts';
import { createPersonMatcher } from './person-matcher.ts';
import { type PersonOccurrence, erasePersonOccurrences, findPersonOccurrences } from './person-occurrences.ts';

function countByTable(occurrences: PersonOccurrence[]): Record<string, number> {
  const rows = new Map<string, Set<string>>();
  for (const o of occurrences) rows.set(o.table, (rows.get(o.table) ?? new Set()).add(o.id));
  return Object.fromEntries([...rows].map(([table, ids]) => [table, ids.size]));
}

/**
 * Runs a GDPR access or erasure request to completion: finds every stored occurrence of the
 * person, and for erasure replaces them in place. `privacy_requests.result` records what was
 * found or changed (field paths, and for access the values); the audit row names the request,
 * not the person.
 */
export async function runPrivacyRequest(
  db: Db,
  input: { kind: 'access' | 'erasure'; email?: string; name?: string; requestedByUserId: string | null },
  actor: AuditActor,
): Promise<PrivacyRequest> {
  const request = await db
    .insertInto('privacy_requests')
    .values({ kind: input.kind, subject_email: input.email ?? null, subject_name: input.name ?? null, status: 'processing', requested_by_user_id: input.requestedByUserId })
    .returning(['id'])
    .executeTakeFirstOrThrow();
  const matcher = createPersonMatcher({ name: input.name, email: input.email });
  try {
    const occurrences = input.kind === 'erasure' ? await erasePersonOccurrences(db, matcher) : await findPersonOccurrences(db, matcher);
    const counts = countByTable(occurrences);
    // After an erasure the record keeps where the person was, not what was said about them.
    const recorded = input.kind === 'erasure' ? occurrences.map(({ value: _erased, ...where }) => where) : occurrences;
    const completedAt = new Date();
    await db.updateTable('privacy_requests').set({ status: 'completed', completed_at: completedAt, result: JSON.stringify({ counts, occurrences: recorded }) }).where('id', '=', request.id).execute();
    await recordAudit(db, actor, { action: input.kind === 'erasure' ? 'privacy.erasure' : 'privacy.access', targetType: 'privacy_request', targetId: request.id, details: { counts } });
    return { id: request.id, kind: input.kind, status: 'completed', occurrences, counts, completedAt: completedAt.toISOString() };
  } catch (error) {
    await db.updateTable('privacy_requests').set({ status: 'failed', result: JSON.stringify({ error: error instanceof Error ? error.message : String(error) }) }).where('id', '=', request.id).execute();
    throw error;
  }
}
