import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listMigrations, migrateDown, migrateToLatest, migrateToNone } from './runner.ts';
import type { Database } from './schema.ts';
import { createTestDatabase, type TestDatabase } from './testing/test-database.ts';

const TABLES = [
  'account_assignments', 'accounts', 'alert_rules', 'alerts', 'api_keys', 'api_usage', 'audit_log',
  'budgets', 'change_events', 'domain_aliases', 'enrichment_jobs', 'intel_snapshots',
  'privacy_requests', 'salesforce_push_state', 'salesforce_stage_triggers', 'salesforce_sync_state', 'teams', 'territories',
  'territory_members', 'users',
];

const INDEXES = [
  'users_email_lower_key', 'users_slack_user_id_key', 'api_keys_prefix_key', 'teams_name_key',
  'territory_members_pkey', 'territory_members_user_id_idx', 'accounts_domain_key',
  'accounts_salesforce_id_key', 'accounts_owner_user_id_idx', 'accounts_tier_score_idx',
  'domain_aliases_domain_idx', 'account_assignments_account_id_user_id_key',
  'account_assignments_user_id_idx', 'intel_snapshots_domain_module_version_key',
  'change_events_domain_detected_at_idx', 'change_events_detected_at_idx',
  'alerts_dedupe_key_key', 'alerts_recipient_status_created_at_idx',
  'api_usage_team_id_created_at_idx', 'api_usage_provider_created_at_idx', 'budgets_scope_key',
  'enrichment_jobs_domain_created_at_idx', 'enrichment_jobs_status_idx', 'audit_log_occurred_at_idx',
  'audit_log_actor_user_id_occurred_at_idx', 'audit_log_action_idx',
  'salesforce_stage_triggers_enrichment_job_id_idx',
];

async function tablesOfOurs(db: Kysely<Database>): Promise<string[]> {
  const { rows } = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = current_schema() and table_name not like 'kysely_%'
    order by table_name`.execute(db);
  return rows.map((row) => row.table_name);
}

async function indexDefinitions(db: Kysely<Database>): Promise<Map<string, string>> {
  const { rows } = await sql<{ indexname: string; indexdef: string }>`
    select indexname, indexdef from pg_indexes where schemaname = current_schema()`.execute(db);
  return new Map(rows.map((row) => [row.indexname, row.indexdef]));
}

describe.each(['postgres', 'pglite'] as const)('migrations on %s', (kind) => {
  let test: TestDatabase;
  let db: Kysely<Database>;
  let userId: string;

  beforeAll(async () => {
    test = await createTestDatabase(kind, { migrate: false });
    db = test.db;
  });
  afterAll(() => test?.close());

  it('migrates an empty database to the latest version, in name order', async () => {
    const pending = await listMigrations(db);
    expect(pending.length).toBeGreaterThanOrEqual(7);
    expect(pending.every((m) => m.executedAt === undefined)).toBe(true);

    const applied = await migrateToLatest(db);
    expect(applied).toEqual(pending.map((m) => m.name));
    expect(applied).toEqual([...applied].sort());
    expect((await listMigrations(db)).every((m) => m.executedAt instanceof Date)).toBe(true);
    expect(await migrateToLatest(db)).toEqual([]);
  });

  it('creates every table of the data model', async () => {
    expect(await tablesOfOurs(db)).toEqual(TABLES);
  });

  it('creates the indexes the queries rely on', async () => {
    const indexes = await indexDefinitions(db);
    expect([...indexes.keys()]).toEqual(expect.arrayContaining(INDEXES));
    expect(indexes.get('users_email_lower_key')).toMatch(/UNIQUE INDEX .* \(lower\(email\)\)/);
    expect(indexes.get('intel_snapshots_domain_module_version_key')).toMatch(
      /UNIQUE INDEX .* \(domain, module, version DESC\)/,
    );
    expect(indexes.get('change_events_detected_at_idx')).toMatch(/\(detected_at DESC\)/);
    expect(indexes.get('budgets_scope_key')).toMatch(/UNIQUE INDEX .*COALESCE/);
  });

  it('refuses intel without a source URL or a fetch time', async () => {
    const withoutSource = sql`
      insert into intel_snapshots (domain, module, provider, version, data, fetched_at)
      values ('costco.com', 'tech_stack', 'builtwith', 1, '{}', now())`;
    const withoutFetchTime = sql`
      insert into intel_snapshots (domain, module, provider, version, data, source_url)
      values ('costco.com', 'tech_stack', 'builtwith', 1, '{}', 'https://builtwith.com/costco.com')`;
    await expect(withoutSource.execute(db)).rejects.toMatchObject({
      code: '23502', // not_null_violation
      message: expect.stringMatching(/source_url/),
    });
    await expect(withoutFetchTime.execute(db)).rejects.toMatchObject({
      code: '23502',
      message: expect.stringMatching(/fetched_at/),
    });

    const snapshot = {
      domain: 'costco.com',
      module: 'tech_stack',
      provider: 'builtwith',
      version: 1,
      data: { search: 'Elasticsearch' },
      source_url: 'https://builtwith.com/costco.com',
      fetched_at: new Date(),
    };
    // A blank source is no source.
    await expect(
      db.insertInto('intel_snapshots').values({ ...snapshot, source_url: '' }).execute(),
    ).rejects.toMatchObject({ code: '23514' });
    await db.insertInto('intel_snapshots').values(snapshot).execute();
    // The same (domain, module, version) twice.
    await expect(db.insertInto('intel_snapshots').values(snapshot).execute()).rejects.toMatchObject({
      code: '23505',
    });
  });

  it('rejects a role outside the enumeration, and duplicate emails in any case', async () => {
    const user = await db
      .insertInto('users')
      .values({ email: 'ada@example.com', role: 'ae' })
      .returning(['id', 'alert_frequency'])
      .executeTakeFirstOrThrow();
    userId = user.id;
    expect(user.alert_frequency).toBe('immediate');

    await expect(
      sql`insert into users (email, role) values ('bob@example.com', 'superuser')`.execute(db),
    ).rejects.toMatchObject({ code: '23514', message: expect.stringMatching(/users_role_check/) });
    await expect(
      db.insertInto('users').values({ email: 'ADA@Example.com' }).execute(),
    ).rejects.toMatchObject({ code: '23505' });
  });

  it('keeps the audit log append-only', async () => {
    await db
      .insertInto('audit_log')
      .values({ action: 'api_key.created', actor_user_id: userId, ip: '10.0.0.1' })
      .execute();
    const row = await db.selectFrom('audit_log').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ action: 'api_key.created', details: {}, ip: '10.0.0.1' });
    expect(typeof row.id).toBe('number');

    await expect(db.updateTable('audit_log').set({ action: 'forged' }).execute()).rejects.toThrow(
      /append-only: UPDATE/,
    );
    await expect(db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only: DELETE/);
    await expect(sql`truncate audit_log`.execute(db)).rejects.toThrow(/append-only: TRUNCATE/);
    expect(await db.selectFrom('audit_log').select('action').execute()).toEqual([
      { action: 'api_key.created' },
    ]);
  });

  it('never stores the same alert twice (dedupe_key is unique)', async () => {
    const alert = {
      recipient_user_id: userId,
      domain: 'costco.com',
      category: 'tech_stack_change',
      significance: 'high',
      title: 'Search provider removed',
      dedupe_key: `${userId}:event-1`,
    } as const;
    const first = await db
      .insertInto('alerts')
      .values(alert)
      .returning(['status', 'delivery_status', 'delivered_channels', 'attempts'])
      .executeTakeFirstOrThrow();
    expect(first).toEqual({ status: 'unread', delivery_status: 'pending', delivered_channels: [], attempts: 0 });

    await expect(
      db.insertInto('alerts').values({ ...alert, title: 'Another title' }).execute(),
    ).rejects.toMatchObject({ code: '23505' });
    // How a caller makes alert creation idempotent.
    await db.insertInto('alerts').values(alert).onConflict((oc) => oc.column('dedupe_key').doNothing()).execute();
    const count = await db.selectFrom('alerts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(count.n).toBe(1);
  });

  it('enforces the other CHECK constraints that encode rules', async () => {
    // An alert rule belongs to exactly one user or one team, and a 'domains' rule names some.
    await expect(db.insertInto('alert_rules').values({ name: 'orphan' }).execute()).rejects.toMatchObject({
      code: '23514',
    });
    await expect(
      db.insertInto('alert_rules').values({ name: 'none', owner_user_id: userId, scope: 'domains' }).execute(),
    ).rejects.toMatchObject({ code: '23514' });
    // A privacy request must name its subject.
    await expect(db.insertInto('privacy_requests').values({ kind: 'erasure' }).execute()).rejects.toMatchObject({
      code: '23514',
    });
    // Domains are stored normalised.
    await expect(db.insertInto('accounts').values({ domain: 'Costco.com' }).execute()).rejects.toMatchObject({
      code: '23514',
    });
    // Two org-wide, all-provider budgets collide although their team and provider are both null.
    await db.insertInto('budgets').values({ limit_usd: '500' }).execute();
    await expect(db.insertInto('budgets').values({ limit_usd: 900 }).execute()).rejects.toMatchObject({
      code: '23505',
    });
  });

  it('reverts the newest migration with migrateDown', async () => {
    const all = await listMigrations(db);
    const relations = async () => {
      const { rows } = await sql<{ name: string }>`select indexname as name from pg_indexes where schemaname = current_schema()`.execute(db);
      return [...(await tablesOfOurs(db)), ...rows.map((r) => r.name)];
    };
    const before = await relations();
    expect(await migrateDown(db)).toEqual([all.at(-1)?.name]);
    // Whatever the newest migration created is gone, and nothing else.
    const after = await relations();
    expect(after.length).toBeLessThan(before.length);
    expect(before).toEqual(expect.arrayContaining(after));
    expect((await listMigrations(db)).at(-1)?.executedAt).toBeUndefined();
  });

  it('migrates all the way down, leaving none of our tables or functions', async () => {
    const reverted = await migrateToNone(db);
    expect(reverted.length).toBe((await listMigrations(db)).length - 1);
    expect(await tablesOfOurs(db)).toEqual([]);
    const { rows } = await sql`select routine_name from information_schema.routines where routine_schema = current_schema()`.execute(db);
    expect(rows).toEqual([]);
  });

  it('migrates up again after going down', async () => {
    expect((await migrateToLatest(db)).length).toBe((await listMigrations(db)).length);
    expect(await tablesOfOurs(db)).toEqual(TABLES);
    // The data went with the tables.
    expect(await db.selectFrom('users').select('id').execute()).toEqual([]);
  });
});
