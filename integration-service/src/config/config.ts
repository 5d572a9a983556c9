import { z } from 'zod';
import { booleanFlag, httpUrl, intInRange, optionalString, urlWithScheme } from './env-types.ts';
import { type FieldMapping, parseFieldMapping } from '../salesforce/field-mapping.ts';

export const SERVICE_ROLES = ['api', 'worker', 'all'] as const;
export type ServiceRole = (typeof SERVICE_ROLES)[number];

/**
 * The whole environment of the integration service. This file is the only reader of
 * `process.env`; everything else receives the frozen `Config` built here.
 */
const EnvSchema = z
  .object({
    /** Which parts run in this process: the HTTP API, the job workers, or both. */
    PF_ROLE: z.enum(SERVICE_ROLES).default('all'),
    /** Interface and port the API listens on. Loopback by default: expose it deliberately. */
    HOST: z.string().trim().min(1).default('127.0.0.1'),
    /** 0 picks a free port (the bound one is logged). */
    PORT: intInRange(0, 65535).default(3000),
    /** Public base URL of this service, used in links written to Salesforce and Slack. */
    PF_PUBLIC_URL: httpUrl.optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Largest accepted JSON request body, in bytes (default 1 MiB). */
    PF_BODY_LIMIT_BYTES: intInRange(1024, 50 * 1024 * 1024).default(1024 * 1024),
    /** How long a SIGTERM waits for requests and jobs to finish before handing jobs back, ms. */
    PF_SHUTDOWN_TIMEOUT_MS: intInRange(0, 600_000).default(25_000),

    /** PostgreSQL connection URL. Unset: an embedded PGlite database under PF_DATA_DIR. */
    DATABASE_URL: urlWithScheme(['postgres', 'postgresql']).optional(),
    DATABASE_POOL_MAX: intInRange(1, 200).default(10),
    /** Folder for the embedded database and other local state (default ./.data). */
    PF_DATA_DIR: z.string().trim().min(1).default('.data'),
    /** Run pending migrations when the service starts (default true). */
    PF_MIGRATE_ON_START: booleanFlag.default(true),

    /** Redis URL for BullMQ queues, shared rate limits and schedules. Unset: jobs run in-process. */
    REDIS_URL: urlWithScheme(['redis', 'rediss']).optional(),
    /** Prefix of every Redis key this deployment writes (lets several share one Redis). */
    PF_REDIS_PREFIX: z.string().trim().regex(/^[\w-]+$/, { message: 'expected letters, digits, _ or -' }).default('pf'),
    /** Jobs one worker process runs at once. */
    PF_WORKER_CONCURRENCY: intInRange(1, 256).default(8),

    /** Salesforce: login host for OAuth flows (a sandbox uses https://test.salesforce.com). */
    SALESFORCE_LOGIN_URL: httpUrl.default('https://login.salesforce.com'),
    /** Salesforce My Domain / instance URL; required with an access token or client credentials. */
    SALESFORCE_INSTANCE_URL: httpUrl.optional(),
    SALESFORCE_API_VERSION: z.string().trim().regex(/^\d{2,3}\.0$/, { message: 'expected a version like 62.0' }).default('62.0'),
    SALESFORCE_CLIENT_ID: optionalString,
    SALESFORCE_CLIENT_SECRET: optionalString,
    SALESFORCE_USERNAME: optionalString,
    SALESFORCE_PASSWORD: optionalString,
    /** PEM private key for the OAuth 2.0 JWT bearer flow (newlines may be written as \n). */
    SALESFORCE_PRIVATE_KEY: optionalString,
    SALESFORCE_ACCESS_TOKEN: optionalString,
    /** Shared secret of the record-triggered Flow webhook (HMAC-SHA256). */
    SALESFORCE_WEBHOOK_SECRET: optionalString,
    /** Opportunity stages (StageName values, comma-separated) whose entry enriches the Opportunity's Account. */
    PF_SALESFORCE_TRIGGER_STAGES: z
      .string()
      .default('Qualification,Needs Analysis')
      .transform((value) => [...new Set(value.split(',').map((stage) => stage.trim()).filter((stage) => stage !== ''))])
      .pipe(z.array(z.string()).min(1, { message: 'expected at least one stage name, e.g. "Qualification,Needs Analysis"' })),
    /** How often the worker polls Opportunity.SystemModstamp for stage moves, ms; 0 turns polling off. */
    PF_SALESFORCE_TRIGGER_POLL_MS: intInRange(0, 86_400_000).default(300_000),
    /** Subscribe to Change Data Capture (/data/OpportunityChangeEvent); the org must have CDC on for Opportunity. */
    PF_SALESFORCE_CDC_ENABLED: booleanFlag.default(false),
    /** SOQL condition choosing the Accounts to pull (written by an admin, used as is). */
    SALESFORCE_PROSPECT_FILTER: z.string().trim().min(1).default("Type = 'Prospect'"),
    /** Above this many matching Accounts a pull reads them through a Bulk API 2.0 query job. */
    SALESFORCE_BULK_THRESHOLD: intInRange(1, 100_000_000).default(20_000),
    /** Share (0–1) of the org's daily API allocation above which non-urgent sync pauses. */
    SALESFORCE_LIMIT_SHARE: z.string().trim().regex(/^(0(\.\d+)?|1(\.0+)?)$/, { message: 'expected a share between 0 and 1, e.g. 0.8' }).default('0.8').transform(Number),
    /** How long sync pauses after Salesforce answered REQUEST_LIMIT_EXCEEDED, ms (default 1 h). */
    SALESFORCE_LIMIT_PAUSE_MS: intInRange(1_000, 86_400_000).default(3_600_000),
    /** Account field API names the push writes: "score=My_Score__c,…" over the PartnerForge_*__c defaults. */
    SALESFORCE_FIELD_MAP: optionalString.pipe(
      z.string().optional().superRefine((spec, ctx) => {
        const parsed = parseFieldMapping(spec);
        if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed });
      }),
    ),
    /** First retry delay of an Account whose push Salesforce refused, ms; doubles per failure up to a day. */
    SALESFORCE_PUSH_RETRY_BASE_MS: intInRange(1_000, 86_400_000).default(300_000),
    /** Schedules (BullMQ repeatable jobs, or timers without Redis), ms: pull, push, refresh of stale intel. */
    SALESFORCE_PULL_EVERY_MS: intInRange(60_000, 7 * 86_400_000).default(3_600_000),
    SALESFORCE_PUSH_EVERY_MS: intInRange(60_000, 7 * 86_400_000).default(900_000),
    SALESFORCE_REFRESH_EVERY_MS: intInRange(60_000, 7 * 86_400_000).default(21_600_000),
    /** Enrichments one refresh-stale run may queue (the rest wait for the next run). */
    SALESFORCE_REFRESH_BATCH: intInRange(1, 100_000).default(200),

    /** BuiltWith: base URL and key; without a key the provider stays off. */
    BUILTWITH_API_URL: httpUrl.default('https://api.builtwith.com'),
    BUILTWITH_API_KEY: optionalString,
    /** SimilarWeb: base URL and key; without a key the provider stays off. */
    SIMILARWEB_API_URL: httpUrl.default('https://api.similarweb.com'),
    SIMILARWEB_API_KEY: optionalString,
    /** Yahoo Finance (keyless, unofficial): base URL of its query hosts. */
    YAHOO_FINANCE_URL: httpUrl.default('https://query2.finance.yahoo.com'),
    /** Set false to keep the fragile Yahoo Finance provider off. */
    YAHOO_FINANCE_ENABLED: booleanFlag.default(true),
    /** Pins hosts to addresses, like curl --resolve: "host:port:address,…". */
    PF_HTTP_RESOLVE: optionalString,
    /** Provider calls per second, shared by every worker: "provider=rate,…" (others keep defaults). */
    PF_PROVIDER_RATE_LIMITS: optionalString.pipe(
      z
        .string()
        .regex(/^[\w.-]+=\d+(\.\d+)?(,[\w.-]+=\d+(\.\d+)?)*$/, { message: 'expected "provider=callsPerSecond,…", e.g. "builtwith=10,similarweb=10"' })
        .optional(),
    ),
    /** Time limit of one provider call, ms. */
    PF_PROVIDER_TIMEOUT_MS: intInRange(100, 120_000).default(10_000),
    /** First retry delay of a provider call, ms; doubles per retry, with jitter. */
    PF_PROVIDER_RETRY_BASE_MS: intInRange(1, 60_000).default(500),
    /** Retries of a provider call after the first attempt. */
    PF_PROVIDER_RETRIES: intInRange(0, 10).default(3),
    /** Consecutive failures that open a provider's circuit, and how long it stays open, ms. */
    PF_CIRCUIT_FAILURES: intInRange(1, 1000).default(5),
    PF_CIRCUIT_OPEN_MS: intInRange(100, 3_600_000).default(30_000),
    /** Scoring profile JSON (weights RevOps can edit); unset: the bundled ICP defaults. */
    PF_SCORING_PROFILE: optionalString,
    /**
     * Signs pre-call brief links (HMAC-SHA256), so a link written into Salesforce opens without
     * a login. Comma-separated: the first key signs, every key verifies (keep the old one second
     * while links are re-pushed; drop it to revoke them). Unset: a random key per process, with
     * a warning — links then die with the process and only its own API accepts them.
     */
    PF_BRIEF_SIGNING_KEY: optionalString.pipe(
      z
        .string()
        .regex(/^[^,\s]{32,}(,[^,\s]{32,})*$/, { message: 'expected one or more comma-separated keys of at least 32 characters (e.g. openssl rand -hex 32)' })
        .optional(),
    ),
    /** How long a signed brief link stays valid, days. */
    PF_BRIEF_LINK_TTL_DAYS: intInRange(1, 3650).default(90),
    /** Per-key request limits by the key's rate tier (standard, power; admin keys are unlimited). Set false to turn them off. */
    PF_RATE_LIMITS_ENABLED: booleanFlag.default(true),
    /** Enrichments one user may have queued or running at once (joining a running one is free); 0 = no cap. */
    PF_ENRICHMENT_CONCURRENCY_PER_USER: intInRange(0, 1000).default(5),
    /** How often the retention job runs, ms (default daily); 0 = never (run it by hand). */
    PF_RETENTION_INTERVAL_MS: intInRange(0, 30 * 86_400_000).default(86_400_000),
  })
  .superRefine((env, ctx) => {
    // Each Salesforce auth flow needs its own set of variables; a half-configured one is a mistake.
    const sf = env;
    const flag = (variable: string, message: string) =>
      ctx.addIssue({ code: 'custom', path: [variable], message });
    if (sf.SALESFORCE_ACCESS_TOKEN && !sf.SALESFORCE_INSTANCE_URL) {
      flag('SALESFORCE_INSTANCE_URL', 'required with SALESFORCE_ACCESS_TOKEN');
    }
    if (sf.SALESFORCE_PRIVATE_KEY && (!sf.SALESFORCE_CLIENT_ID || !sf.SALESFORCE_USERNAME)) {
      flag('SALESFORCE_PRIVATE_KEY', 'the JWT bearer flow also needs SALESFORCE_CLIENT_ID and SALESFORCE_USERNAME');
    }
    if (sf.SALESFORCE_PASSWORD && (!sf.SALESFORCE_USERNAME || !sf.SALESFORCE_CLIENT_ID || !sf.SALESFORCE_CLIENT_SECRET)) {
      flag('SALESFORCE_PASSWORD', 'the username-password flow also needs SALESFORCE_USERNAME, SALESFORCE_CLIENT_ID and SALESFORCE_CLIENT_SECRET');
    }
    if (sf.SALESFORCE_CLIENT_SECRET && !sf.SALESFORCE_CLIENT_ID) {
      flag('SALESFORCE_CLIENT_ID', 'required with SALESFORCE_CLIENT_SECRET');
    }
    if (sf.SALESFORCE_CLIENT_SECRET && !sf.SALESFORCE_PASSWORD && !sf.SALESFORCE_INSTANCE_URL) {
      flag('SALESFORCE_INSTANCE_URL', 'the client-credentials flow needs the My Domain URL');
    }
  });

export type Env = z.infer<typeof EnvSchema>;

/** Every variable the service reads (documented one by one in .env.example). */
export const CONFIG_VARIABLES = Object.keys(EnvSchema.shape);

export type SalesforceAuth =
  | { kind: 'off' }
  | { kind: 'access_token'; accessToken: string; instanceUrl: string }
  | { kind: 'jwt'; clientId: string; username: string; privateKey: string }
  | { kind: 'password'; clientId: string; clientSecret: string; username: string; password: string }
  | { kind: 'client_credentials'; clientId: string; clientSecret: string; instanceUrl: string };

export interface Config {
  readonly role: ServiceRole;
  readonly http: { readonly host: string; readonly port: number; readonly publicUrl: string; readonly bodyLimitBytes: number };
  readonly logLevel: Env['LOG_LEVEL'];
  readonly shutdownTimeoutMs: number;
  readonly database: { readonly url?: string; readonly poolMax: number; readonly dataDir: string; readonly migrateOnStart: boolean };
  readonly redis: { readonly url?: string; readonly prefix: string };
  readonly worker: { readonly concurrency: number };
  readonly salesforce: {
    readonly loginUrl: string;
    readonly instanceUrl?: string;
    readonly apiVersion: string;
    readonly auth: SalesforceAuth;
    readonly webhookSecret?: string;
    /** Stage-change triggers: stages that enrich, polling interval (0 = off), CDC on/off. */
    readonly triggers: { readonly stages: readonly string[]; readonly pollIntervalMs: number; readonly cdcEnabled: boolean };
    /** SOQL condition of the prospect pull. */
    readonly prospectFilter: string;
    readonly bulkThreshold: number;
    /** Pause non-urgent sync above this share of the daily API allocation. */
    readonly limitShare: number;
    readonly limitPauseMs: number;
    readonly fieldMapping: FieldMapping;
    readonly pushRetryBaseMs: number;
    readonly schedules: { readonly pullEveryMs: number; readonly pushEveryMs: number; readonly refreshEveryMs: number };
    readonly refreshBatch: number;
  };
  readonly providers: {
    readonly builtwith: { readonly baseUrl: string; readonly apiKey?: string };
    readonly similarweb: { readonly baseUrl: string; readonly apiKey?: string };
    readonly yahooFinance: { readonly baseUrl: string; readonly enabled: boolean };
    readonly httpResolve?: string;
    /** Calls per second by provider name; defaults apply to the rest. */
    readonly rateLimits: Readonly<Record<string, number>>;
    readonly timeoutMs: number;
    readonly retryBaseMs: number;
    readonly retries: number;
    readonly circuit: { readonly failures: number; readonly openMs: number };
  };
  readonly scoringProfilePath?: string;
  /** Signing keys of brief links (first signs, all verify; none: a random key per process) and their lifetime. */
  readonly briefs: { readonly signingKeys: readonly string[]; readonly linkTtlDays: number };
  /** Per-key rate limits on or off, and the per-user cap of concurrent enrichments (0 = none). */
  readonly rateLimits: { readonly enabled: boolean; readonly enrichmentConcurrencyPerUser: number };
  /** How often the data-retention job runs, ms (0 = never). */
  readonly retentionIntervalMs: number;
}

/** A configuration problem, with one line per offending variable. */
export class ConfigError extends Error {
  readonly isConfigError = true;
  constructor(readonly problems: Array<{ variable: string; message: string }>) {
    super(
      `Invalid configuration:\n${problems.map((p) => `  - ${p.variable}: ${p.message}`).join('\n')}\n` +
        'See .env.example for every variable and what it expects.',
    );
    this.name = 'ConfigError';
  }
}

export function isConfigError(error: unknown): error is ConfigError {
  return typeof error === 'object' && error !== null && (error as { isConfigError?: unknown }).isConfigError === true;
}

/** Parse an environment (defaults to `process.env`) into a frozen `Config`, or throw `ConfigError`. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Unset and empty mean the same thing for every variable (docker-compose passes `FOO=`).
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const variable = String(issue.path[0] ?? 'environment');
        const received = present[variable];
        const got = received === undefined ? ' (not set)' : '';
        return { variable, message: `${issue.message}${got}` };
      }),
    );
  }
  return deepFreeze(toConfig(parsed.data));
}

function toConfig(env: Env): Config {
  return {
    role: env.PF_ROLE,
    http: {
      host: env.HOST,
      port: env.PORT,
      publicUrl: env.PF_PUBLIC_URL ?? `http://localhost:${env.PORT}`,
      bodyLimitBytes: env.PF_BODY_LIMIT_BYTES,
    },
    logLevel: env.LOG_LEVEL,
    shutdownTimeoutMs: env.PF_SHUTDOWN_TIMEOUT_MS,
    database: {
      url: env.DATABASE_URL,
      poolMax: env.DATABASE_POOL_MAX,
      dataDir: env.PF_DATA_DIR,
      migrateOnStart: env.PF_MIGRATE_ON_START,
    },
    redis: { url: env.REDIS_URL, prefix: env.PF_REDIS_PREFIX },
    worker: { concurrency: env.PF_WORKER_CONCURRENCY },
    salesforce: {
      loginUrl: env.SALESFORCE_LOGIN_URL,
      instanceUrl: env.SALESFORCE_INSTANCE_URL,
      apiVersion: env.SALESFORCE_API_VERSION,
      auth: salesforceAuth(env),
      webhookSecret: env.SALESFORCE_WEBHOOK_SECRET,
      triggers: { stages: env.PF_SALESFORCE_TRIGGER_STAGES, pollIntervalMs: env.PF_SALESFORCE_TRIGGER_POLL_MS, cdcEnabled: env.PF_SALESFORCE_CDC_ENABLED },
      prospectFilter: env.SALESFORCE_PROSPECT_FILTER,
      bulkThreshold: env.SALESFORCE_BULK_THRESHOLD,
      limitShare: env.SALESFORCE_LIMIT_SHARE,
      limitPauseMs: env.SALESFORCE_LIMIT_PAUSE_MS,
      fieldMapping: parseFieldMapping(env.SALESFORCE_FIELD_MAP) as FieldMapping,
      pushRetryBaseMs: env.SALESFORCE_PUSH_RETRY_BASE_MS,
      schedules: { pullEveryMs: env.SALESFORCE_PULL_EVERY_MS, pushEveryMs: env.SALESFORCE_PUSH_EVERY_MS, refreshEveryMs: env.SALESFORCE_REFRESH_EVERY_MS },
      refreshBatch: env.SALESFORCE_REFRESH_BATCH,
    },
    providers: {
      builtwith: { baseUrl: env.BUILTWITH_API_URL, apiKey: env.BUILTWITH_API_KEY },
      similarweb: { baseUrl: env.SIMILARWEB_API_URL, apiKey: env.SIMILARWEB_API_KEY },
      yahooFinance: { baseUrl: env.YAHOO_FINANCE_URL, enabled: env.YAHOO_FINANCE_ENABLED },
      httpResolve: env.PF_HTTP_RESOLVE,
      rateLimits: { ...DEFAULT_RATE_LIMITS, ...parseRateLimits(env.PF_PROVIDER_RATE_LIMITS) },
      timeoutMs: env.PF_PROVIDER_TIMEOUT_MS,
      retryBaseMs: env.PF_PROVIDER_RETRY_BASE_MS,
      retries: env.PF_PROVIDER_RETRIES,
      circuit: { failures: env.PF_CIRCUIT_FAILURES, openMs: env.PF_CIRCUIT_OPEN_MS },
    },
    scoringProfilePath: env.PF_SCORING_PROFILE,
    briefs: { signingKeys: env.PF_BRIEF_SIGNING_KEY?.split(',') ?? [], linkTtlDays: env.PF_BRIEF_LINK_TTL_DAYS },
    rateLimits: { enabled: env.PF_RATE_LIMITS_ENABLED, enrichmentConcurrencyPerUser: env.PF_ENRICHMENT_CONCURRENCY_PER_USER },
    retentionIntervalMs: env.PF_RETENTION_INTERVAL_MS,
  };
}

/** Calls per second a provider accepts (PROVIDERS.md), shared by all workers through Redis. */
export const DEFAULT_RATE_LIMITS: Readonly<Record<string, number>> = {
  builtwith: 10,
  similarweb: 10,
  'yahoo-finance': 1,
  // Prospect sites are not APIs; stay polite.
  website: 5,
};

function parseRateLimits(spec: string | undefined): Record<string, number> {
  if (!spec) return {};
  return Object.fromEntries(spec.split(',').map((pair) => {
    const [name, rate] = pair.split('=');
    return [name as string, Number(rate)];
  }));
}

/** Picks the Salesforce flow from what is set; the schema already rejected incomplete sets. */
function salesforceAuth(env: Env): SalesforceAuth {
  const { SALESFORCE_CLIENT_ID: clientId, SALESFORCE_CLIENT_SECRET: clientSecret, SALESFORCE_USERNAME: username } = env;
  if (env.SALESFORCE_ACCESS_TOKEN && env.SALESFORCE_INSTANCE_URL) {
    return { kind: 'access_token', accessToken: env.SALESFORCE_ACCESS_TOKEN, instanceUrl: env.SALESFORCE_INSTANCE_URL };
  }
  if (env.SALESFORCE_PRIVATE_KEY && clientId && username) {
    return { kind: 'jwt', clientId, username, privateKey: env.SALESFORCE_PRIVATE_KEY.replaceAll('\\n', '\n') };
  }
  if (env.SALESFORCE_PASSWORD && clientId && clientSecret && username) {
    return { kind: 'password', clientId, clientSecret, username, password: env.SALESFORCE_PASSWORD };
  }
  if (clientId && clientSecret && env.SALESFORCE_INSTANCE_URL) {
    return { kind: 'client_credentials', clientId, clientSecret, instanceUrl: env.SALESFORCE_INSTANCE_URL };
  }
  return { kind: 'off' };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
