import { z } from 'zod';

/**
 * The `alerts.deliver` job: one alert for one recipient, produced by the service's alert rules
 * and consumed by the Slack app's delivery worker. Producers and the worker both parse it with
 * {@link AlertDeliveryJobSchema}; adding optional fields is compatible, anything else is not.
 */
export const ALERTS_DELIVER_QUEUE = 'alerts.deliver';

/**
 * How producers add an `alerts.deliver` job: BullMQ `attempts` (executions, including the first)
 * and an exponential backoff starting at `backoffMs`. A job id built with
 * {@link alertDeliveryJobId} makes a re-enqueued alert join its earlier job.
 */
export const ALERTS_DELIVER_JOB_OPTIONS = { attempts: 5, backoffMs: 2_000 } as const;

export const ALERT_FREQUENCIES = ['immediate', 'daily_digest'] as const;
export const AlertFrequencySchema = z.enum(ALERT_FREQUENCIES);
export type AlertFrequency = z.infer<typeof AlertFrequencySchema>;

export const SIGNIFICANCES = ['critical', 'high', 'medium', 'low'] as const;
export const SignificanceSchema = z.enum(SIGNIFICANCES);
export type Significance = z.infer<typeof SignificanceSchema>;

const SLACK_CHANNEL_ID = /^[CDG][A-Z0-9]{2,}$/;
const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;

export const AlertLinkSchema = z.object({
  label: z.string().min(1).max(75),
  url: z.url({ protocol: /^https?$/ }),
});
export type AlertLink = z.infer<typeof AlertLinkSchema>;

export const AlertDeliveryJobSchema = z.object({
  /** The `alerts` row this delivery belongs to. */
  alertId: z.string().min(1).max(100),
  /**
   * Identifies the change, not the job: the same change reaching the same destination twice is
   * posted once, however many jobs carry it (e.g. `change:<change_event id>`).
   */
  dedupeKey: z.string().min(1).max(200),
  /** Whose alert rule matched; their DM is the destination unless `channelId` is set. */
  recipient: z.object({
    email: z.email(),
    /** Known Slack id; without it the worker finds the user by e-mail. */
    slackUserId: z.string().regex(SLACK_USER_ID, { message: 'expected a Slack user id like U012ABC' }).optional(),
  }),
  /** The rule's channel: post there instead of the recipient's DM. */
  channelId: z.string().regex(SLACK_CHANNEL_ID, { message: 'expected a Slack channel id like C012ABC' }).optional(),
  /** The recipient's preference: post now, or in their next daily digest. */
  frequency: AlertFrequencySchema,
  domain: z.string().min(1).max(253),
  /** Change category, e.g. `search_vendor_removed`, `executive_change`, `hot_lead`. */
  category: z.string().min(1).max(100),
  significance: SignificanceSchema,
  title: z.string().min(1).max(150),
  /** Plain text (Slack mrkdwn is escaped by the worker). */
  body: z.string().max(2_000),
  links: z.array(AlertLinkSchema).max(5).default([]),
  /** When the change was detected (ISO 8601); defaults to when the job is handled. */
  occurredAt: z.iso.datetime({ offset: true }).optional(),
});
export type AlertDeliveryJob = z.output<typeof AlertDeliveryJobSchema>;
export type AlertDeliveryJobInput = z.input<typeof AlertDeliveryJobSchema>;

/** A BullMQ job id for one alert's delivery (BullMQ refuses `:` in custom ids). */
export function alertDeliveryJobId(job: Pick<AlertDeliveryJob, 'alertId' | 'recipient' | 'channelId'>): string {
  const destination = job.channelId ?? job.recipient.email.toLowerCase();
  return `alert-${job.alertId}-${destination}`.replace(/[^\w.@-]/g, '-');
}
