import { z } from 'zod';
import { AlertFrequencySchema, SignificanceSchema } from './alert.ts';
import { ChangeCategorySchema } from './history.ts';

/** Which accounts a rule watches: the owner's, their territory's, a list, or every account. */
export const ALERT_SCOPES = ['my_accounts', 'my_territory', 'domains', 'all'] as const;
export const AlertScopeSchema = z.enum(ALERT_SCOPES);
export type AlertScope = z.infer<typeof AlertScopeSchema>;

/** Where an alert goes: Slack (DM or the rule's channel) and the in-app inbox (`GET /v1/alerts`). */
export const ALERT_CHANNELS = ['slack', 'in_app'] as const;
export const AlertChannelSchema = z.enum(ALERT_CHANNELS);
export type AlertChannel = z.infer<typeof AlertChannelSchema>;

export const ALERT_STATUSES = ['unread', 'read', 'acted'] as const;
export const AlertStatusSchema = z.enum(ALERT_STATUSES);
export type AlertStatus = z.infer<typeof AlertStatusSchema>;

const SLACK_CHANNEL_ID = /^[CDG][A-Z0-9]{2,}$/;

export const AlertRuleSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** A personal rule, or a team's (every member in scope is alerted). */
  owner: z.discriminatedUnion('type', [
    z.object({ type: z.literal('user'), userId: z.string() }),
    z.object({ type: z.literal('team'), teamId: z.string() }),
  ]),
  scope: AlertScopeSchema,
  domains: z.array(z.string()),
  /** Empty: every category. */
  categories: z.array(z.string()),
  minSignificance: SignificanceSchema,
  channels: z.array(AlertChannelSchema),
  frequency: AlertFrequencySchema,
  slackChannelId: z.string().nullable(),
  enabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type AlertRule = z.infer<typeof AlertRuleSchema>;

const ruleFields = {
  name: z.string().trim().min(1).max(100),
  scope: AlertScopeSchema,
  domains: z.array(z.string().min(1).max(2048)).max(500).describe('Domains, URLs or e-mail addresses (scope "domains")'),
  categories: z.array(ChangeCategorySchema).max(20).describe('Empty: every category'),
  minSignificance: SignificanceSchema,
  channels: z.array(AlertChannelSchema).min(1).max(2),
  frequency: AlertFrequencySchema,
  slackChannelId: z.string().regex(SLACK_CHANNEL_ID, { message: 'expected a Slack channel id like C012ABC' }).nullable(),
  enabled: z.boolean(),
};

/** `POST /v1/alert-rules`. */
export const AlertRuleCreateSchema = z
  .strictObject({
    ...ruleFields,
    /** A rule of the caller's team (managers and admins) instead of a personal one. */
    forTeam: z.boolean().default(false),
    scope: ruleFields.scope.default('my_accounts'),
    domains: ruleFields.domains.default([]),
    categories: ruleFields.categories.default([]),
    minSignificance: ruleFields.minSignificance.default('high'),
    channels: ruleFields.channels.default(['in_app']),
    /** Default: the owner's alert_frequency preference. */
    frequency: ruleFields.frequency.optional(),
    slackChannelId: ruleFields.slackChannelId.optional(),
    enabled: ruleFields.enabled.default(true),
  })
  .superRefine((rule, ctx) => {
    if (rule.scope === 'domains' && rule.domains.length === 0) ctx.addIssue({ code: 'custom', path: ['domains'], message: 'scope "domains" needs at least one domain' });
    if (rule.slackChannelId && !rule.channels.includes('slack')) ctx.addIssue({ code: 'custom', path: ['slackChannelId'], message: 'a Slack channel needs the "slack" channel' });
  });
export type AlertRuleCreate = z.output<typeof AlertRuleCreateSchema>;

/** `PATCH /v1/alert-rules/:id`: any subset of the fields. */
export const AlertRuleUpdateSchema = z.strictObject({
  name: ruleFields.name.optional(),
  scope: ruleFields.scope.optional(),
  domains: ruleFields.domains.optional(),
  categories: ruleFields.categories.optional(),
  minSignificance: ruleFields.minSignificance.optional(),
  channels: ruleFields.channels.optional(),
  frequency: ruleFields.frequency.optional(),
  slackChannelId: ruleFields.slackChannelId.optional(),
  enabled: ruleFields.enabled.optional(),
});
export type AlertRuleUpdate = z.output<typeof AlertRuleUpdateSchema>;

export const AlertRuleListSchema = z.object({ rules: z.array(AlertRuleSchema) });

/** One alert in a user's inbox. */
export const AlertSchema = z.object({
  id: z.string(),
  ruleId: z.string().nullable(),
  changeEventId: z.string().nullable(),
  domain: z.string(),
  category: z.string(),
  significance: SignificanceSchema,
  title: z.string(),
  body: z.string().nullable(),
  status: AlertStatusSchema,
  deliveryStatus: z.enum(['pending', 'delivered', 'digest', 'failed']),
  deliveredChannels: z.array(AlertChannelSchema),
  createdAt: z.string(),
});
export type Alert = z.infer<typeof AlertSchema>;

export const AlertListSchema = z.object({ alerts: z.array(AlertSchema), nextCursor: z.string().nullable() });
export type AlertList = z.infer<typeof AlertListSchema>;

export const AlertsQuerySchema = z.strictObject({
  status: AlertStatusSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(200).optional(),
});

/** `PATCH /v1/alerts/:id`. */
export const AlertUpdateSchema = z.strictObject({ status: AlertStatusSchema });
