import { z } from 'zod';
import { SignificanceSchema } from './alert.ts';

/**
 * What a change is about. Change rules give every change event one of these; alert rules
 * filter on them. `budget_*` and
 * `salesforce_api_limit` are not intel changes but travel the same alert path.
 */
export const CHANGE_CATEGORIES = [
  'search_vendor_change',
  'tech_stack_change',
  'executive_change',
  'traffic_change',
  'financial_change',
  'score_tier_change',
  'hiring_signal',
  'company_change',
  'budget_threshold',
  'budget_exceeded',
  'salesforce_api_limit',
] as const;
export const ChangeCategorySchema = z.enum(CHANGE_CATEGORIES);
export type ChangeCategory = z.infer<typeof ChangeCategorySchema>;

/** One change between two versions of a module's intel, as change rules described it. */
export const ChangeEventSchema = z.object({
  id: z.string(),
  domain: z.string(),
  module: z.string(),
  /** The snapshot (new version) whose comparison with the previous one found the change. */
  snapshotId: z.string(),
  category: z.string(),
  significance: SignificanceSchema,
  /** Path of the changed field in the module data, e.g. `searchVendor`, `executives.cfo`. */
  field: z.string(),
  /** Null when the value was added. For list fields: the items removed. */
  oldValue: z.unknown(),
  /** Null when the value was removed. For list fields: the items added. */
  newValue: z.unknown(),
  summary: z.string(),
  whyItMatters: z.string().nullable(),
  detectedAt: z.string(),
});
export type ChangeEvent = z.infer<typeof ChangeEventSchema>;

/** One stored version of one module, with the changes it brought. */
export const HistoryEntrySchema = z.object({
  snapshotId: z.string(),
  module: z.string(),
  version: z.number().int(),
  provider: z.string(),
  sourceUrl: z.string(),
  fetchedAt: z.string(),
  /** The most significant change of this version; null for the first version or when nothing mattered. */
  highestSignificance: SignificanceSchema.nullable(),
  changes: z.array(ChangeEventSchema),
});
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;

/** `GET /v1/intel/:domain/history`: versions newest first, a page at a time. */
export const IntelHistorySchema = z.object({
  domain: z.string(),
  entries: z.array(HistoryEntrySchema),
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: z.string().nullable(),
});
export type IntelHistory = z.infer<typeof IntelHistorySchema>;

/** `GET /v1/changes`: change events on the caller's accounts, newest first. */
export const ChangeListSchema = z.object({
  changes: z.array(ChangeEventSchema),
  nextCursor: z.string().nullable(),
});
export type ChangeList = z.infer<typeof ChangeListSchema>;

const pageSize = z.coerce.number().int().min(1).max(200).default(50).describe('Items per page (1–200, default 50)');
const cursor = z.string().min(1).max(200).optional().describe('The nextCursor of the previous page');

export const HistoryQuerySchema = z.strictObject({
  limit: pageSize,
  cursor,
  module: z.string().min(1).max(100).optional().describe('Only versions of this module'),
});

export const ChangesQuerySchema = z.strictObject({
  since: z.iso.datetime({ offset: true }).optional().describe('Only changes detected at or after this time (ISO 8601)'),
  significance: SignificanceSchema.optional().describe('Minimum significance: high also returns critical'),
  scope: z.enum(['my_accounts', 'all']).default('my_accounts').describe('all: every account (admins and managers only)'),
  limit: pageSize,
  cursor,
});
