import type { Insertable, Selectable, Updateable } from 'kysely';
import type {
  TeamsTable,
  UsersTable,
  ApiKeysTable,
  TerritoriesTable,
  TerritoryMembersTable,
  AccountsTable,
  DomainAliasesTable,
  AccountAssignmentsTable,
  ApiUsageTable,
  BudgetsTable,
  EnrichmentJobsTable,
  IntelSnapshotsTable,
  ChangeEventsTable,
  AlertRulesTable,
  AlertsTable,
  AuditLogTable,
  SalesforceSyncStateTable,
  SalesforcePushStateTable,
  SalesforceStageTriggersTable,
  PrivacyRequestsTable,
} from './schema-tables.ts';

export type * from './column-types.ts';
export type * from './schema-tables.ts';

// Kysely types for the tables the migrations create: `Kysely<Database>`. Kept in sync with the
// migrations by schema.test.ts, which compares every table's columns and their nullability with
// a migrated database.

export interface Database {
  teams: TeamsTable;
  users: UsersTable;
  api_keys: ApiKeysTable;
  territories: TerritoriesTable;
  territory_members: TerritoryMembersTable;
  accounts: AccountsTable;
  domain_aliases: DomainAliasesTable;
  account_assignments: AccountAssignmentsTable;
  api_usage: ApiUsageTable;
  budgets: BudgetsTable;
  enrichment_jobs: EnrichmentJobsTable;
  intel_snapshots: IntelSnapshotsTable;
  change_events: ChangeEventsTable;
  alert_rules: AlertRulesTable;
  alerts: AlertsTable;
  audit_log: AuditLogTable;
  salesforce_sync_state: SalesforceSyncStateTable;
  salesforce_push_state: SalesforcePushStateTable;
  salesforce_stage_triggers: SalesforceStageTriggersTable;
  privacy_requests: PrivacyRequestsTable;
}

// ---- row types ---------------------------------------------------------------------------------

export type Team = Selectable<TeamsTable>;
export type NewTeam = Insertable<TeamsTable>;
export type TeamUpdate = Updateable<TeamsTable>;
export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type ApiKey = Selectable<ApiKeysTable>;
export type NewApiKey = Insertable<ApiKeysTable>;
export type ApiKeyUpdate = Updateable<ApiKeysTable>;
export type Territory = Selectable<TerritoriesTable>;
export type NewTerritory = Insertable<TerritoriesTable>;
export type TerritoryUpdate = Updateable<TerritoriesTable>;
export type Account = Selectable<AccountsTable>;
export type NewAccount = Insertable<AccountsTable>;
export type AccountUpdate = Updateable<AccountsTable>;
export type DomainAlias = Selectable<DomainAliasesTable>;
export type AccountAssignment = Selectable<AccountAssignmentsTable>;
export type NewAccountAssignment = Insertable<AccountAssignmentsTable>;
export type ApiUsage = Selectable<ApiUsageTable>;
export type NewApiUsage = Insertable<ApiUsageTable>;
export type Budget = Selectable<BudgetsTable>;
export type NewBudget = Insertable<BudgetsTable>;
export type BudgetUpdate = Updateable<BudgetsTable>;
export type EnrichmentJob = Selectable<EnrichmentJobsTable>;
export type NewEnrichmentJob = Insertable<EnrichmentJobsTable>;
export type EnrichmentJobUpdate = Updateable<EnrichmentJobsTable>;
export type IntelSnapshot = Selectable<IntelSnapshotsTable>;
export type NewIntelSnapshot = Insertable<IntelSnapshotsTable>;
export type ChangeEvent = Selectable<ChangeEventsTable>;
export type NewChangeEvent = Insertable<ChangeEventsTable>;
export type AlertRule = Selectable<AlertRulesTable>;
export type NewAlertRule = Insertable<AlertRulesTable>;
export type AlertRuleUpdate = Updateable<AlertRulesTable>;
export type Alert = Selectable<AlertsTable>;
export type NewAlert = Insertable<AlertsTable>;
export type AlertUpdate = Updateable<AlertsTable>;
export type AuditLogEntry = Selectable<AuditLogTable>;
export type NewAuditLogEntry = Insertable<AuditLogTable>;
export type SalesforceSyncState = Selectable<SalesforceSyncStateTable>;
export type SalesforcePushState = Selectable<SalesforcePushStateTable>;
export type NewSalesforcePushState = Insertable<SalesforcePushStateTable>;
export type SalesforceStageTrigger = Selectable<SalesforceStageTriggersTable>;
export type PrivacyRequest = Selectable<PrivacyRequestsTable>;
export type NewPrivacyRequest = Insertable<PrivacyRequestsTable>;
export type PrivacyRequestUpdate = Updateable<PrivacyRequestsTable>;
