import type { Redis } from 'ioredis';
import { checkDatabase } from '@partnerforge/migrations/connection';
import type { DetailedHealth, ProviderHealth, SalesforceHealth } from '@partnerforge/shared/schemas';
import type { Config } from '../config/config.ts';
import type { Db } from '../database/database.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { CircuitStatus } from '../providers/resilience/circuit-status.ts';
import type { ApiBudget, ApiBudgetState } from '../salesforce/api-budget.ts';
import { readApiUsage, readLastSyncTimes } from '../salesforce/api-usage.repository.ts';
import { type CircuitReport, readCircuitReports } from './circuit-board.ts';
import { type CheckResult, check, withTimeout } from './health-checks.ts';

/** What `/health/detailed` reads besides the probes' dependencies; built once per process by the runtime. */
export interface DetailedHealthSources {
  config: Pick<Config, 'role' | 'providers' | 'salesforce' | 'redis' | 'database' | 'briefs'>;
  /** This process's breakers (all of them in embedded mode). */
  circuits: CircuitStatus;
  /** This process's Salesforce API budget, when Salesforce is configured. */
  salesforceBudget?: ApiBudget;
  /** The id this process publishes its breakers under. */
  processId: string;
}

export interface DetailedHealthDependencies {
  db: Db;
  redis?: Redis;
  queue: JobQueue;
  databaseKind: 'postgres' | 'pglite';
  startedAt: Date;
  sources: DetailedHealthSources;
  now?: () => Date;
}

/** Every provider adapter, what turns it on, and its rate-limit key. */
const PROVIDERS = [
  { provider: 'website', setting: null, configured: () => true },
  { provider: 'builtwith', setting: 'BUILTWITH_API_KEY', configured: (p: Config['providers']) => Boolean(p.builtwith.apiKey) },
  { provider: 'similarweb', setting: 'SIMILARWEB_API_KEY', configured: (p: Config['providers']) => Boolean(p.similarweb.apiKey) },
  { provider: 'yahoo-finance', setting: 'YAHOO_FINANCE_ENABLED', configured: (p: Config['providers']) => p.yahooFinance.enabled },
] as const;

// The same default as the policies' (enrichment-setup.ts).
const DEFAULT_RATE_LIMIT = 5;
const SEVERITY = { closed: 0, 'half-open': 1, open: 2 } as const;

type Part<T> = T | { status: 'down'; error: string };
const down = (error: string) => ({ status: 'down' as const, error });

/** The document of `GET /health/detailed`: every part is read on its own and may be `down`. */
export async function describeDetailedHealth(deps: DetailedHealthDependencies): Promise<DetailedHealth> {
  const now = deps.now ?? (() => new Date());
  const { config } = deps.sources;
  const [database, redis, circuits, salesforce, queue] = await Promise.all([
    check(() => checkDatabase(deps.db)),
    deps.redis ? check(() => (deps.redis as Redis).ping()) : Promise.resolve<CheckResult>({ status: 'not_configured' }),
    readCircuits(deps),
    describeSalesforce(deps, now()),
    withTimeout(() => deps.queue.counts()),
  ]);
  const providers = PROVIDERS.map(({ provider, setting, configured }): ProviderHealth => {
    const on = configured(config.providers);
    return {
      provider,
      configured: on,
      setting: on ? null : setting,
      rateLimitPerSecond: config.providers.rateLimits[provider] ?? DEFAULT_RATE_LIMIT,
      circuit: summarize(circuits.reports.filter((r) => r.provider === provider)),
    };
  });
  const queuePart = queue.ok ? { status: 'ok' as const, counts: queue.value } : down(queue.error);
  const degraded =
    database.status === 'down' ||
    redis.status === 'down' ||
    circuits.source !== circuits.wanted ||
    'error' in salesforce ||
    'error' in queuePart ||
    providers.some((p) => p.configured && p.circuit.state === 'open');
  const document: DetailedHealth = {
    status: degraded ? 'degraded' : 'ok',
    checkedAt: now().toISOString(),
    startedAt: deps.startedAt.toISOString(),
    uptimeSeconds: Math.round(process.uptime()),
    mode: { database: deps.databaseKind, jobs: deps.queue.kind, role: config.role },
    checks: { database, redis },
    circuitsSource: circuits.source,
    providers,
    salesforce,
    queue: queuePart,
  };
  return redactSecrets(document, configuredSecrets(config));
}

/** Every process's reports from Redis; this process's own breakers without Redis, or when it is down. */
async function readCircuits(deps: DetailedHealthDependencies): Promise<{ source: 'redis' | 'process'; wanted: 'redis' | 'process'; reports: CircuitReport[] }> {
  const { circuits, processId } = deps.sources;
  const local = (): CircuitReport[] => {
    const reportedAt = new Date().toISOString();
    return circuits.snapshots().map((s) => ({ ...s, processId, reportedAt }));
  };
  if (!deps.redis) return { source: 'process', wanted: 'process', reports: local() };
  const redis = deps.redis;
  const read = await withTimeout(() => readCircuitReports(redis, deps.sources.config.redis.prefix));
  return read.ok ? { source: 'redis', wanted: 'redis', reports: read.value } : { source: 'process', wanted: 'redis', reports: local() };
}

/** The worst state over the processes that report one; closed when none does. */
function summarize(reports: CircuitReport[]): ProviderHealth['circuit'] {
  const sorted = [...reports].sort((a, b) => SEVERITY[b.state] - SEVERITY[a.state] || (a.since ?? '').localeCompare(b.since ?? ''));
  const worst = sorted[0];
  const lastFailure = reports.map((r) => r.lastFailure).filter((f) => f !== null).sort((a, b) => b.at.localeCompare(a.at))[0] ?? null;
  return {
    state: worst?.state ?? 'closed',
    since: worst?.since ?? null,
    lastFailure,
    processes: sorted.map((r) => ({ processId: r.processId, state: r.state, since: r.since, lastFailure: r.lastFailure, reportedAt: r.reportedAt })),
  };
}

async function describeSalesforce(deps: DetailedHealthDependencies, at: Date): Promise<Part<SalesforceHealth>> {
  const { salesforce } = deps.sources.config;
  const configured = salesforce.auth.kind !== 'off';
  const base = { configured, auth: salesforce.auth.kind, pauseAtShare: salesforce.limitShare };
  if (!configured) return { ...base, apiUsage: null, sync: { paused: false, reason: null, pausedUntil: null }, lastPullAt: null, lastPushAt: null };
  const stored = await withTimeout(async () => {
    const [usage, times] = await Promise.all([readApiUsage(deps.db), readLastSyncTimes(deps.db)]);
    return { usage, times };
  });
  if (!stored.ok) return down(stored.error);
  // The worker that made the last call stored its reading; this process may hold a newer one.
  const state = newest(deps.sources.salesforceBudget?.state(), stored.value.usage);
  const paused = state?.pausedUntil ? Date.parse(state.pausedUntil) > at.getTime() : false;
  return {
    ...base,
    apiUsage:
      state && state.used !== null && state.limit !== null && state.observedAt
        ? { used: state.used, max: state.limit, share: state.limit > 0 ? state.used / state.limit : 0, observedAt: state.observedAt }
        : null,
    sync: { paused, reason: paused ? (state?.reason ?? null) : null, pausedUntil: paused ? (state?.pausedUntil ?? null) : null },
    lastPullAt: stored.value.times.lastPullAt?.toISOString() ?? null,
    lastPushAt: stored.value.times.lastPushAt?.toISOString() ?? null,
  };
}

/** When a state was last true: its reading, or the refusal that paused sync. */
const stateTime = (s: ApiBudgetState | undefined) => Math.max(Date.parse(s?.observedAt ?? '') || 0, Date.parse(s?.pausedUntil ?? '') || 0);

function newest(a: ApiBudgetState | undefined, b: ApiBudgetState | undefined): ApiBudgetState | undefined {
  const time = stateTime;
  if (!a || time(a) === 0) return b ?? a;
  if (!b) return a;
  return time(a) >= time(b) ? a : b;
}

function urlPassword(url: string | undefined): string | undefined {
  try {
    return url ? decodeURIComponent(new URL(url).password) : undefined;
  } catch {
    return undefined;
  }
}

/** Keys, tokens, passwords and signing keys of the configuration: none may reach the answer. */
export function configuredSecrets(config: DetailedHealthSources['config']): string[] {
  const { auth } = config.salesforce;
  return [
    config.providers.builtwith.apiKey,
    config.providers.similarweb.apiKey,
    config.salesforce.webhookSecret,
    'accessToken' in auth ? auth.accessToken : undefined,
    'clientSecret' in auth ? auth.clientSecret : undefined,
    'password' in auth ? auth.password : undefined,
    'privateKey' in auth ? auth.privateKey : undefined,
    ...config.briefs.signingKeys,
    urlPassword(config.database.url),
    urlPassword(config.redis.url),
  ].filter((s): s is string => typeof s === 'string' && s.length >= 4);
}

/** A last line of defence: an error message quoting a secret gets it replaced. */
function redactSecrets<T>(document: T, secrets: string[]): T {
  let text = JSON.stringify(document);
  for (const secret of secrets) text = text.split(JSON.stringify(secret).slice(1, -1)).join('[redacted]');
  return JSON.parse(text) as T;
}
