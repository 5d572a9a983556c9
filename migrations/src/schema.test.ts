import { type Kysely, type Selectable, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './schema.ts';
import { createTestDatabase, type TestDatabase } from './testing/test-database.ts';

/**
 * Every column of every table with its nullability, as schema.ts declares it. The type makes the
 * compiler reject a missing or extra table or column, and a wrong 'null'/'not null'; the test
 * then compares the same object with the migrated database.
 */
type Nullability<T> = { [K in keyof Selectable<T>]-?: null extends Selectable<T>[K] ? 'null' : 'not null' };
type DeclaredColumns = { [T in keyof Database]: Nullability<Database[T]> };

const N = 'null';
const R = 'not null';
const DECLARED: DeclaredColumns = {
  teams: { id: R, name: R, monthly_budget_usd: N, created_at: R },
  users: {
    id: R, email: R, name: N, role: R, team_id: N, slack_user_id: N, salesforce_user_id: N, alert_frequency: R,
    created_at: R, updated_at: R, deactivated_at: N,
  },
  api_keys: {
    id: R, user_id: R, name: R, prefix: R, key_hash: R, scopes: R, rate_tier: R, created_at: R,
    last_used_at: N, expires_at: N, revoked_at: N,
  },
  territories: { id: R, team_id: N, name: R, filters: R, created_at: R, updated_at: R },
  territory_members: { territory_id: R, user_id: R, created_at: R },
  accounts: {
    id: R, domain: R, salesforce_id: N, name: N, website: N, owner_user_id: N, salesforce_owner_id: N,
    vertical: N, country: N, region: N, score: N, tier: N, last_enriched_at: N, created_at: R, updated_at: R,
  },
  domain_aliases: { alias: R, domain: R, source: N, created_at: R },
  account_assignments: { id: R, account_id: R, user_id: R, role: R, created_at: R },
  api_usage: {
    id: R, provider: R, endpoint: R, domain: N, job_id: N, user_id: N, team_id: N, cost_usd: R,
    status_code: N, duration_ms: N, created_at: R,
  },
  budgets: {
    id: R, team_id: N, provider: N, period: R, limit_usd: R, alert_threshold: R, hard_cap: R,
    created_at: R, updated_at: R,
  },
  enrichment_jobs: {
    id: R, domain: R, status: R, trigger: R, requested_by_user_id: N, modules: N, force: R,
    module_status: R, checkpoint: N, progress: R, error: N, retry_of: N, created_at: R, started_at: N,
    finished_at: N, updated_at: R,
  },
  intel_snapshots: {
    id: R, domain: R, module: R, provider: R, version: R, data: R, source_url: R, fetched_at: R,
    diff_from_previous: N, highest_significance: N, job_id: N, created_at: R,
  },
  change_events: {
    id: R, domain: R, module: R, snapshot_id: R, category: R, significance: R, field: R, old_value: N,
    new_value: N, summary: R, why_it_matters: N, detected_at: R,
  },
  alert_rules: {
    id: R, owner_user_id: N, team_id: N, name: R, scope: R, domains: R, categories: R,
    min_significance: R, channels: R, frequency: R, slack_channel_id: N, enabled: R, created_at: R,
    updated_at: R,
  },
  alerts: {
    id: R, rule_id: N, change_event_id: N, recipient_user_id: R, domain: R, category: R, significance: R,
    title: R, body: N, status: R, dedupe_key: R, delivery_status: R, delivered_channels: R,
    delivered_at: N, attempts: R, last_error: N, created_at: R,
  },
  audit_log: {
    id: R, occurred_at: R, actor_user_id: N, actor_key_prefix: N, action: R, target_type: N,
    target_id: N, details: R, request_id: N, ip: N,
  },
  salesforce_sync_state: { key: R, cursor: N, replay_id: N, details: R, updated_at: R },
  salesforce_push_state: {
    account_id: R, salesforce_id: N, last_pushed: R, pushed_at: N, last_error: N, error_count: R,
    next_attempt_at: N, updated_at: R,
  },
  salesforce_stage_triggers: {
    opportunity_id: R, stage_name: R, stage_changed_at: R, source: R, event_key: N,
    account_salesforce_id: N, account_id: N, outcome: R, enrichment_job_id: N, push_requested_at: N,
    created_at: R, updated_at: R,
  },
  privacy_requests: {
    id: R, kind: R, subject_email: N, subject_name: N, status: R, requested_by_user_id: N, result: N,
    created_at: R, completed_at: N,
  },
};

describe.each(['postgres', 'pglite'] as const)('schema.ts on %s', (kind) => {
  let test: TestDatabase;
  let db: Kysely<Database>;

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    db = test.db;
  });
  afterAll(() => test?.close());

  it('declares exactly the tables, columns and nullability the migrations create', async () => {
    const { rows } = await sql<{ table_name: string; column_name: string; is_nullable: 'YES' | 'NO' }>`
      select table_name, column_name, is_nullable from information_schema.columns
      where table_schema = current_schema() and table_name not like 'kysely_%'`.execute(db);
    const actual: Record<string, Record<string, string>> = {};
    for (const row of rows) {
      (actual[row.table_name] ??= {})[row.column_name] = row.is_nullable === 'YES' ? N : R;
    }
    expect(actual).toEqual(DECLARED);
  });

  it('reads back the JS types schema.ts promises, the same on both drivers', async () => {
    const team = await db
      .insertInto('teams')
      .values({ name: 'West', monthly_budget_usd: 1500 })
      .returningAll()
      .executeTakeFirstOrThrow();
    expect(team.monthly_budget_usd).toBe('1500.00'); // numeric → exact decimal string
    expect(team.created_at).toBeInstanceOf(Date);

    const usage = await db
      .insertInto('api_usage')
      .values({ provider: 'builtwith', endpoint: 'domain-api', team_id: team.id, cost_usd: '0.1' })
      .returning(['id', 'cost_usd'])
      .executeTakeFirstOrThrow();
    expect(usage).toEqual({ id: 1, cost_usd: '0.1000' }); // bigint identity → number

    const job = await db
      .insertInto('enrichment_jobs')
      .values({
        domain: 'costco.com',
        trigger: 'cli',
        modules: ['tech_stack', 'traffic'],
        module_status: { tech_stack: { status: 'completed', attempts: 1 } },
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    expect(job).toMatchObject({
      status: 'queued',
      force: false,
      progress: 0,
      modules: ['tech_stack', 'traffic'],
      module_status: { tech_stack: { status: 'completed', attempts: 1 } },
      checkpoint: null,
    });

    const snapshot = await db
      .insertInto('intel_snapshots')
      .values({
        domain: 'costco.com',
        module: 'tech_stack',
        provider: 'builtwith',
        version: 1,
        data: { technologies: ['Elasticsearch'] },
        source_url: 'https://builtwith.com/costco.com',
        fetched_at: '2026-11-01T10:00:00Z',
        job_id: job.id,
      })
      .returning(['id', 'fetched_at'])
      .executeTakeFirstOrThrow();
    expect(snapshot.fetched_at).toEqual(new Date('2026-11-01T10:00:00Z'));

    // Any JSON value (here a string and an array) goes in as JSON text.
    const event = await db
      .insertInto('change_events')
      .values({
        domain: 'costco.com',
        module: 'tech_stack',
        snapshot_id: snapshot.id,
        category: 'tech_stack_change',
        significance: 'critical',
        field: 'search_provider',
        old_value: JSON.stringify('Elasticsearch'),
        new_value: JSON.stringify(['Algolia']),
        summary: 'Search provider changed',
      })
      .returning(['old_value', 'new_value'])
      .executeTakeFirstOrThrow();
    expect(event).toEqual({ old_value: 'Elasticsearch', new_value: ['Algolia'] });

    const { n } = await db
      .selectFrom('api_usage')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(n).toBe(1); // count(*) is int8: a number on both drivers too
  });
});
