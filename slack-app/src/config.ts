import { z } from 'zod';

const optional = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() !== '' ? v.trim() : undefined));
const httpUrl = z
  .url({ protocol: /^https?$/, message: 'expected a URL starting with http:// or https://' })
  .transform((v) => v.replace(/\/+$/, ''));

const optionalHttpUrl = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() !== '' ? v.trim() : undefined))
  .pipe(httpUrl.optional());
const int = (message: string) => z.coerce.number({ message }).int({ message });
const isTimeZone = (tz: string) => {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: tz }).resolvedOptions().timeZone !== '';
  } catch {
    return false;
  }
};

/** The Slack app's environment; this file is its only reader of `process.env`. */
const SlackEnvSchema = z
  .object({
    /** Port of the app's HTTP endpoint (Slack events in HTTP mode, and /health). */
    SLACK_PORT: z.coerce.number({ message: 'expected a port number' }).int().min(0).max(65535).default(3001),
    /** Interface the HTTP endpoint listens on (default all interfaces: Slack must reach it). */
    SLACK_HOST: z.string().trim().min(1).default('0.0.0.0'),
    /** Slack Web API base URL; point it at a local double in tests. */
    SLACK_API_URL: httpUrl.default('https://slack.com/api'),
    SLACK_BOT_TOKEN: optional,
    SLACK_SIGNING_SECRET: optional,
    /** An app-level token (xapp-…) switches to Socket Mode: no public URL needed. */
    SLACK_APP_TOKEN: optional,
    /**
     * The bot's ids (auth.test answers them). Known up front, no request waits on an auth.test
     * call; unknown, the app calls auth.test once at start.
     */
    SLACK_BOT_ID: optional,
    SLACK_BOT_USER_ID: optional,
    /** Where the integration service answers, and the key the app uses to call it. */
    PF_SERVICE_URL: httpUrl.default('http://127.0.0.1:3000'),
    /** An admin key (`pf keys create --email <admin>`): the app looks Slack users up with it. */
    PF_SERVICE_API_KEY: optional,
    /** Base of the links people open (brief pages); default PF_SERVICE_URL. */
    PF_PUBLIC_URL: optionalHttpUrl,
    /** Salesforce My Domain URL for the card's "Open in Salesforce" button; no button without it. */
    SALESFORCE_INSTANCE_URL: optionalHttpUrl,
    /** /pf: least time between two progress updates of one lookup, ms (response_url takes 5 posts). */
    SLACK_PROGRESS_INTERVAL_MS: int('expected milliseconds').min(1000).default(4000),
    /** /pf: how long a lookup waits for an enrichment before saying it is still running, ms. */
    PF_ENRICHMENT_WAIT_MS: int('expected milliseconds').min(1000).max(1_800_000).default(600_000),
    /** Redis for the alert delivery worker (and the App Home's recent activity); alerts are off without it. */
    REDIS_URL: optional.pipe(z.url({ protocol: /^rediss?$/, message: 'expected a URL starting with redis:// or rediss://' }).optional()),
    /** Key prefix shared with the service's queues. */
    PF_REDIS_PREFIX: z.string().trim().regex(/^[\w-]+$/, { message: 'expected letters, digits, _ or -' }).default('pf'),
    /** Alert deliveries one worker process runs at once. */
    PF_ALERT_CONCURRENCY: int('expected a whole number').min(1).max(50).default(4),
    /** Least time between two messages to one Slack channel, ms (Slack allows about one per second). */
    PF_ALERT_CHANNEL_INTERVAL_MS: int('expected milliseconds').min(0).default(1100),
    /** Hour of the day (0–23, in PF_ALERT_DIGEST_TZ) the daily digests are posted. */
    PF_ALERT_DIGEST_HOUR: int('expected an hour from 0 to 23').min(0, { message: 'expected an hour from 0 to 23' }).max(23, { message: 'expected an hour from 0 to 23' }).default(9),
    /** IANA time zone of PF_ALERT_DIGEST_HOUR. */
    PF_ALERT_DIGEST_TZ: z.string().trim().refine(isTimeZone, { message: 'expected an IANA time zone such as Europe/Paris' }).default('UTC'),
    /** How long a delivered alert is remembered, so the same change is never posted twice, days. */
    PF_ALERT_DEDUPE_DAYS: int('expected a number of days').min(1).default(30),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .superRefine((env, ctx) => {
    if (env.SLACK_BOT_TOKEN && !env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['SLACK_SIGNING_SECRET'], message: 'required in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)' });
    }
    if (env.SLACK_BOT_TOKEN && !env.PF_SERVICE_API_KEY) {
      ctx.addIssue({ code: 'custom', path: ['PF_SERVICE_API_KEY'], message: 'required with SLACK_BOT_TOKEN: an admin key of the integration service' });
    }
    if (Boolean(env.SLACK_BOT_ID) !== Boolean(env.SLACK_BOT_USER_ID)) {
      ctx.addIssue({ code: 'custom', path: [env.SLACK_BOT_ID ? 'SLACK_BOT_USER_ID' : 'SLACK_BOT_ID'], message: 'set SLACK_BOT_ID and SLACK_BOT_USER_ID together' });
    }
  });

export type SlackConfig = z.output<typeof SlackEnvSchema> & {
  /** False without a bot token: the process only serves /health. */
  enabled: boolean;
  /** How Slack reaches the app: Socket Mode (development, no public URL) or signed HTTP requests. */
  mode: 'socket' | 'http';
};

/** Parses the environment; throws an Error listing each bad variable and what it expects. */
export function loadSlackConfig(env: Record<string, string | undefined> = process.env): SlackConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = SlackEnvSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${String(i.path[0])}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return Object.freeze({ ...parsed.data, enabled: Boolean(parsed.data.SLACK_BOT_TOKEN), mode: parsed.data.SLACK_APP_TOKEN ? 'socket' : 'http' });
}
