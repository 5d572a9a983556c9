import type { ColumnType } from 'kysely';

// Column types shared by the table interfaces of schema.ts (re-exported from there).

// ---- column helpers ----------------------------------------------------------------------------

/** A column with a database default: optional on insert. Works on plain types and ColumnType alike. */
export type Defaulted<C> = [C] extends [ColumnType<infer S, infer I, infer U>]
  ? ColumnType<S, I | undefined, U>
  : ColumnType<C, C | undefined, C>;
/** A nullable column: null on read, optional on insert. */
export type Nullable<C> = [C] extends [ColumnType<infer S, infer I, infer U>]
  ? ColumnType<S | null, I | null, U | null>
  : C | null;
/** Set by the database only (identity columns). */
export type DatabaseOnly<S> = ColumnType<S, never, never>;

/** timestamptz: read as a Date; write a Date or an ISO string. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** numeric: both drivers return a string (exact decimal); write a string or a number. */
export type Numeric = ColumnType<string, string | number, string | number>;

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };
/**
 * jsonb holding an object: read parsed; write an object or JSON text.
 * (Never a JS array: pg would send it as a Postgres array literal.)
 */
export type Json<T extends object = JsonObject> = ColumnType<T, T | string, T | string>;
/**
 * jsonb holding any JSON value: write JSON text (`JSON.stringify(value)`), because pg sends a JS
 * string as-is (not valid JSON) and a JS array as a Postgres array.
 */
export type JsonText = ColumnType<JsonValue, string, string>;

// ---- enumerations (each one matches a CHECK constraint) ---------------------------------------

export type UserRole = 'admin' | 'manager' | 'ae' | 'sdr' | 'viewer';
export type AlertFrequency = 'immediate' | 'daily_digest';
export type RateTier = 'standard' | 'power' | 'admin';
export type AccountTier = 'hot' | 'warm' | 'cool' | 'cold';
export type AssignmentRole = 'owner' | 'team_member' | 'viewer';
export type Significance = 'critical' | 'high' | 'medium' | 'low';
export type AlertScope = 'my_accounts' | 'my_territory' | 'domains' | 'all';
export type AlertChannel = 'slack' | 'in_app';
export type AlertStatus = 'unread' | 'read' | 'acted';
export type DeliveryStatus = 'pending' | 'delivered' | 'digest' | 'failed';
export type BudgetPeriod = 'monthly';
export type JobStatus = 'queued' | 'running' | 'completed' | 'partial' | 'failed' | 'cancelled';
export type JobTrigger = 'api' | 'cli' | 'slack' | 'extension' | 'salesforce_stage' | 'schedule' | 'retry';
export type PrivacyRequestKind = 'access' | 'erasure';
export type PrivacyRequestStatus = 'pending' | 'processing' | 'completed' | 'failed';
