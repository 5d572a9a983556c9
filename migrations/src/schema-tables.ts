import type {
  AccountTier, AlertChannel, AlertFrequency, AlertScope, AlertStatus, AssignmentRole, BudgetPeriod,
  DatabaseOnly, Defaulted, DeliveryStatus, JobStatus, JobTrigger, Json, JsonText, JsonValue, Nullable,
  Numeric, PrivacyRequestKind, PrivacyRequestStatus, RateTier, Significance, Timestamp, UserRole,
} from './column-types.ts';

// The table interfaces of schema.ts (re-exported from there), one per table the migrations create.

// ---- identity ----------------------------------------------------------------------------------

export interface TeamsTable {
  id: Defaulted<string>;
  name: string;
  monthly_budget_usd: Nullable<Numeric>;
  created_at: Defaulted<Timestamp>;
}

export interface UsersTable {
  id: Defaulted<string>;
  /** Unique case-insensitively (index on lower(email)). */
  email: string;
  name: string | null;
  role: Defaulted<UserRole>;
  team_id: string | null;
  slack_user_id: string | null;
  /** The Salesforce User Id (005…); unique. Matches accounts.salesforce_owner_id. */
  salesforce_user_id: string | null;
  alert_frequency: Defaulted<AlertFrequency>;
  created_at: Defaulted<Timestamp>;
  updated_at: Defaulted<Timestamp>;
  deactivated_at: Nullable<Timestamp>;
}

export interface ApiKeysTable {
  id: Defaulted<string>;
  user_id: string;
  name: string;
  /** Public part of the key, unique. */
  prefix: string;
  /** Hash of the secret; the key itself is never stored. */
  key_hash: string;
  scopes: Defaulted<string[]>;
  rate_tier: Defaulted<RateTier>;
  created_at: Defaulted<Timestamp>;
  last_used_at: Nullable<Timestamp>;
  expires_at: Nullable<Timestamp>;
  revoked_at: Nullable<Timestamp>;
}

export interface TerritoryFilters {
  region?: string;
  vertical?: string;
  min_score?: number;
}

export interface TerritoriesTable {
  id: Defaulted<string>;
  team_id: string | null;
  name: string;
  filters: Defaulted<Json<TerritoryFilters>>;
  created_at: Defaulted<Timestamp>;
  updated_at: Defaulted<Timestamp>;
}

export interface TerritoryMembersTable {
  territory_id: string;
  user_id: string;
  created_at: Defaulted<Timestamp>;
}

// ---- accounts ----------------------------------------------------------------------------------

export interface AccountsTable {
  id: Defaulted<string>;
  /** Lower case (CHECK). */
  domain: string;
  salesforce_id: string | null;
  name: string | null;
  website: string | null;
  owner_user_id: string | null;
  salesforce_owner_id: string | null;
  vertical: string | null;
  country: string | null;
  region: string | null;
  /** 0..100. */
  score: number | null;
  tier: AccountTier | null;
  last_enriched_at: Nullable<Timestamp>;
  created_at: Defaulted<Timestamp>;
  updated_at: Defaulted<Timestamp>;
}

export interface DomainAliasesTable {
  /** Lower case, different from domain (CHECK). */
  alias: string;
  domain: string;
  source: string | null;
  created_at: Defaulted<Timestamp>;
}

export interface AccountAssignmentsTable {
  id: Defaulted<string>;
  account_id: string;
  user_id: string;
  role: AssignmentRole;
  created_at: Defaulted<Timestamp>;
}

// ---- usage & jobs ------------------------------------------------------------------------------

export interface ApiUsageTable {
  /** bigint identity; a number on both drivers (see connection.ts). */
  id: DatabaseOnly<number>;
  provider: string;
  endpoint: string;
  domain: string | null;
  job_id: string | null;
  user_id: string | null;
  team_id: string | null;
  cost_usd: Defaulted<Numeric>;
  status_code: number | null;
  duration_ms: number | null;
  created_at: Defaulted<Timestamp>;
}

export interface BudgetsTable {
  id: Defaulted<string>;
  /** Null = the whole organisation. */
  team_id: string | null;
  /** Null = all providers. */
  provider: string | null;
  period: Defaulted<BudgetPeriod>;
  limit_usd: Numeric;
  /** Fraction of the limit that triggers a warning, e.g. '0.800'. */
  alert_threshold: Defaulted<Numeric>;
  hard_cap: Defaulted<boolean>;
  created_at: Defaulted<Timestamp>;
  updated_at: Defaulted<Timestamp>;
}

/** One module's entry in enrichment_jobs.module_status; the worker owns the vocabulary. */
export interface ModuleRunStatus {
  status: string;
  error?: string;
  attempts?: number;
  started_at?: string;
  finished_at?: string;
  duration_ms?: number;
  [key: string]: JsonValue | undefined;
}

export interface EnrichmentJobsTable {
  id: Defaulted<string>;
  domain: string;
  status: Defaulted<JobStatus>;
  trigger: JobTrigger;
  requested_by_user_id: string | null;
  /** Null = every module. */
  modules: string[] | null;
  force: Defaulted<boolean>;
  module_status: Defaulted<Json<Record<string, ModuleRunStatus>>>;
  checkpoint: Nullable<Json>;
  /** 0..100. */
  progress: Defaulted<number>;
  error: string | null;
  retry_of: string | null;
  created_at: Defaulted<Timestamp>;
  started_at: Nullable<Timestamp>;
  finished_at: Nullable<Timestamp>;
  updated_at: Defaulted<Timestamp>;
}

// ---- intel -------------------------------------------------------------------------------------

export interface IntelSnapshotsTable {
  id: Defaulted<string>;
  domain: string;
  module: string;
  provider: string;
  /** 1, 2, … per (domain, module); unique. */
  version: number;
  data: Json;
  /** Mandatory and non-empty: no unsourced intel. */
  source_url: string;
  fetched_at: Timestamp;
  diff_from_previous: Nullable<Json>;
  highest_significance: Significance | null;
  job_id: string | null;
  created_at: Defaulted<Timestamp>;
}

export interface ChangeEventsTable {
  id: Defaulted<string>;
  domain: string;
  module: string;
  snapshot_id: string;
  category: string;
  significance: Significance;
  field: string;
  old_value: Nullable<JsonText>;
  new_value: Nullable<JsonText>;
  summary: string;
  why_it_matters: string | null;
  detected_at: Defaulted<Timestamp>;
}

// ---- alerts ------------------------------------------------------------------------------------

export interface AlertRulesTable {
  id: Defaulted<string>;
  /** Exactly one of owner_user_id and team_id is set (CHECK). */
  owner_user_id: string | null;
  team_id: string | null;
  name: string;
  scope: Defaulted<AlertScope>;
  /** Non-empty when scope = 'domains' (CHECK). */
  domains: Defaulted<string[]>;
  /** Empty = every category. */
  categories: Defaulted<string[]>;
  min_significance: Defaulted<Significance>;
  channels: Defaulted<AlertChannel[]>;
  frequency: Defaulted<AlertFrequency>;
  slack_channel_id: string | null;
  enabled: Defaulted<boolean>;
  created_at: Defaulted<Timestamp>;
  updated_at: Defaulted<Timestamp>;
}

export interface AlertsTable {
  id: Defaulted<string>;
  rule_id: string | null;
  change_event_id: string | null;
  recipient_user_id: string;
  domain: string;
  category: string;
  significance: Significance;
  title: string;
  body: string | null;
  status: Defaulted<AlertStatus>;
  /** Unique: the same alert is never created twice. */
  dedupe_key: string;
  delivery_status: Defaulted<DeliveryStatus>;
  delivered_channels: Defaulted<AlertChannel[]>;
  delivered_at: Nullable<Timestamp>;
  attempts: Defaulted<number>;
  last_error: string | null;
  created_at: Defaulted<Timestamp>;
}

// ---- governance & salesforce -------------------------------------------------------------------

export interface AuditLogTable {
  /** bigint identity; a number on both drivers. Rows can be inserted, never updated or deleted. */
  id: DatabaseOnly<number>;
  occurred_at: Defaulted<Timestamp>;
  actor_user_id: string | null;
  actor_key_prefix: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  details: Defaulted<Json>;
  request_id: string | null;
  /** inet, read back as text. */
  ip: string | null;
}

export interface SalesforceSyncStateTable {
  key: string;
  cursor: string | null;
  replay_id: string | null;
  details: Defaulted<Json>;
  updated_at: Defaulted<Timestamp>;
}

export type StageTriggerSource = 'cdc' | 'poll' | 'webhook';
export type StageTriggerOutcome = 'pending' | 'enqueued' | 'no_account' | 'no_website';

export interface SalesforceStageTriggersTable {
  opportunity_id: string;
  stage_name: string;
  stage_changed_at: Timestamp;
  source: StageTriggerSource;
  event_key: string | null;
  account_salesforce_id: string | null;
  account_id: string | null;
  outcome: Defaulted<StageTriggerOutcome>;
  enrichment_job_id: string | null;
  push_requested_at: Nullable<Timestamp>;
  created_at: Defaulted<Timestamp>;
  updated_at: Defaulted<Timestamp>;
}

export interface SalesforcePushStateTable {
  account_id: string;
  salesforce_id: string | null;
  last_pushed: Defaulted<Json>;
  pushed_at: Nullable<Timestamp>;
  last_error: Nullable<Json>;
  error_count: Defaulted<number>;
  next_attempt_at: Nullable<Timestamp>;
  updated_at: Defaulted<Timestamp>;
}

export interface PrivacyRequestsTable {
  id: Defaulted<string>;
  kind: PrivacyRequestKind;
  /** At least one of subject_email and subject_name is set (CHECK). */
  subject_email: string | null;
  subject_name: string | null;
  status: Defaulted<PrivacyRequestStatus>;
  requested_by_user_id: string | null;
  result: Nullable<Json>;
  created_at: Defaulted<Timestamp>;
  completed_at: Nullable<Timestamp>;
}
