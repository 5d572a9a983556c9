import { z } from 'zod';

/** Every action the audit trail records (dotted verbs). */
export const AUDIT_ACTIONS = [
  'enrichment.triggered',
  'intel.read_other_owner',
  'export.brief_link',
  'export.brief_viewed',
  'api_key.created',
  'api_key.revoked',
  'user.role_changed',
  'privacy.access',
  'privacy.erasure',
  'retention.applied',
] as const;
export const AuditActionSchema = z.enum(AUDIT_ACTIONS);
export type AuditAction = z.infer<typeof AuditActionSchema>;

/** One row of the append-only audit log. */
export const AuditEntrySchema = z.object({
  id: z.string(),
  occurredAt: z.string(),
  /** Null for the CLI, jobs and anonymous brief views. */
  actorUserId: z.string().nullable(),
  actorKeyPrefix: z.string().nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  requestId: z.string().nullable(),
  ip: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const AuditListSchema = z.object({
  entries: z.array(AuditEntrySchema),
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: z.string().nullable(),
});
export type AuditList = z.infer<typeof AuditListSchema>;

export const AuditQuerySchema = z.strictObject({
  actor: z.uuid().optional().describe('Only rows of this actor (user id)'),
  action: z.string().min(1).max(100).optional().describe('Only this action, e.g. api_key.revoked'),
  targetType: z.string().min(1).max(100).optional().describe('Only targets of this type (account, api_key, user, privacy_request)'),
  target: z.string().min(1).max(300).optional().describe('Only this target id (a domain, key prefix, user id …)'),
  since: z.iso.datetime({ offset: true }).optional().describe('At or after this time (ISO 8601)'),
  until: z.iso.datetime({ offset: true }).optional().describe('Before this time (ISO 8601)'),
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('Items per page (1–200, default 50)'),
  cursor: z.string().regex(/^\d+$/).optional().describe('The nextCursor of the previous page'),
});
