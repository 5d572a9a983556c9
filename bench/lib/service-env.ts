import type { BenchOptions } from './options.ts';

export interface ServiceEnvironmentInput {
  options: BenchOptions;
  databaseUrl: string;
  redisUrl: string;
  redisPrefix: string;
  builtwith: { origin: string; apiKey: string };
  similarweb: { origin: string; apiKey: string };
  /** PF_HTTP_RESOLVE pins of every prospect site. */
  sitePins: string;
}

/**
 * The complete environment of every service process of the run. Built from nothing but PATH and
 * HOME, so a developer's own DATABASE_URL, Salesforce or Yahoo settings cannot leak in, and every
 * third party the service could reach is a stand-in on 127.0.0.1.
 */
export function serviceEnvironment(input: ServiceEnvironmentInput): Record<string, string> {
  const { options } = input;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    DATABASE_URL: input.databaseUrl,
    // The scratch database was migrated when it was created; two processes need not race to check.
    PF_MIGRATE_ON_START: 'false',
    REDIS_URL: input.redisUrl,
    PF_REDIS_PREFIX: input.redisPrefix,
    HOST: '127.0.0.1',
    PORT: '0',
    // The deployed default: the api writes one access-log line per request, and that is part of its cost.
    LOG_LEVEL: 'info',
    PF_SHUTDOWN_TIMEOUT_MS: '5000',
    PF_WORKER_CONCURRENCY: String(options.workerConcurrency),
    BUILTWITH_API_URL: input.builtwith.origin,
    BUILTWITH_API_KEY: input.builtwith.apiKey,
    SIMILARWEB_API_URL: input.similarweb.origin,
    SIMILARWEB_API_KEY: input.similarweb.apiKey,
    // Unofficial and keyless: it would reach the real Yahoo, and the bench has no stand-in for it.
    YAHOO_FINANCE_ENABLED: 'false',
    // The paid providers' limits make the bound; the sites' limit is set high enough to stay out of the way.
    PF_PROVIDER_RATE_LIMITS: `builtwith=${options.rate},similarweb=${options.rate},website=1000`,
    PF_HTTP_RESOLVE: input.sitePins,
    // One user queues all the domains at once (a bulk import); the per-user cap of interactive use would refuse it.
    PF_ENRICHMENT_CONCURRENCY_PER_USER: '0',
  };
  if (options.dbPoolMax !== undefined) env.DATABASE_POOL_MAX = String(options.dbPoolMax);
  // Linux refuses any single environment string over 128 KiB (MAX_ARG_STRLEN) with E2BIG at spawn.
  const longest = Math.max(...Object.entries(env).map(([name, value]) => name.length + value.length + 1));
  if (longest >= 128 * 1024) throw new Error(`PF_HTTP_RESOLVE would be ${longest} bytes, over Linux's 128 KiB per variable: use fewer --domains`);
  return env;
}
