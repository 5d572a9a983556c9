import { z } from 'zod';
import type { ModuleId } from '@partnerforge/shared/schemas';
import {
  BuiltWithDataSchema,
  CompanyContextDataSchema,
  FingerprintDataSchema,
  ScoreDataSchema,
  TrafficDataSchema,
  readModuleData,
} from '../intel/module-data.ts';
import { cLevelRolesOf, displayName, executivesByRole, personKey } from './executive-roles.ts';

/**
 * How a field is compared between two versions:
 * - `scalar`: one value; strings compare case- and whitespace-insensitively, null = absent.
 * - `set`: unordered names; case, spacing and order never count as a change (items are
 *   identified by `identity` when given).
 * - `keyed`: names grouped by key (people by C-level role); each key is compared as a set,
 *   items identified by `identity` (default: case-insensitive).
 */
export type WatchedValue =
  | { kind: 'scalar'; value: string | number | null }
  | { kind: 'set'; items: string[]; identity?: (item: string) => string }
  | { kind: 'keyed'; entries: Record<string, string[]>; identity?: (item: string) => string };

/** The fields of one module's data that history compares, read leniently (unknown shapes → absent). */
export type WatchedFieldReader = (data: unknown) => Record<string, WatchedValue>;

const scalar = (value: string | number | null | undefined): WatchedValue => ({ kind: 'scalar', value: value ?? null });
const set = (items: readonly string[] | undefined): WatchedValue => ({ kind: 'set', items: [...(items ?? [])] });
const names = (items: ReadonlyArray<{ name: string }> | undefined) => (items ?? []).map((item) => item.name);
/** Trailing slashes and `www.` do not make a different page. */
const url = (value: string | null | undefined) => (value ? value.trim().replace(/\/+$/, '').replace(/^(https?:\/\/)www\./i, '$1') : null);

// Read leniently like module-data.ts: what an older module version wrote must not break history.
const FinancialsSchema = z.looseObject({
  ticker: z.string().nullable().default(null),
  marketCapUsd: z.number().nullable().default(null),
  revenueUsd: z.number().nullable().default(null),
  revenueGrowth: z.number().nullable().default(null),
  employees: z.number().nullable().default(null),
  officers: z.array(z.object({ name: z.string(), title: z.string() })).catch([]).default([]),
});
const CareersSchema = z.looseObject({ careersUrl: z.string().nullable().catch(null).default(null) });

/** The watched fields of each module; a module not listed here keeps no diff. */
export const WATCHED_FIELDS: Readonly<Record<ModuleId, WatchedFieldReader>> = {
  'website.fingerprint': (data) => {
    const fingerprint = readModuleData(FingerprintDataSchema, data);
    return {
      searchVendor: scalar(fingerprint?.searchVendor),
      partnerPlatforms: set(fingerprint?.partnerPlatforms),
      technologies: set(names(fingerprint?.technologies)),
    };
  },
  'company.context': (data) => {
    const context = readModuleData(CompanyContextDataSchema, data);
    return {
      name: scalar(context?.name),
      linkedinUrl: scalar(url(context?.linkedinUrl)),
      careersUrl: scalar(url(readModuleData(CareersSchema, data)?.careersUrl)),
    };
  },
  'tech.builtwith': (data) => {
    const builtwith = readModuleData(BuiltWithDataSchema, data);
    return { technologies: set(names(builtwith?.technologies)), techSpendUsd: scalar(builtwith?.techSpendUsd) };
  },
  'traffic.similarweb': (data) => ({ monthlyVisits: scalar(readModuleData(TrafficDataSchema, data)?.monthlyVisits) }),
  'financials.yahoo': (data) => {
    const financials = readModuleData(FinancialsSchema, data);
    const officers = financials?.officers ?? [];
    return {
      ticker: scalar(financials?.ticker),
      revenueUsd: scalar(financials?.revenueUsd),
      marketCapUsd: scalar(financials?.marketCapUsd),
      employees: scalar(financials?.employees),
      executives: { kind: 'keyed', entries: executivesByRole(officers), identity: personKey },
      // Everyone else listed; C-level changes are the executives' business.
      officers: { kind: 'set', items: officers.filter((o) => cLevelRolesOf(o.title).length === 0).map((o) => displayName(o.name)), identity: personKey },
    };
  },
  score: (data) => {
    const score = readModuleData(ScoreDataSchema, data);
    return { tier: scalar(score?.tier), score: scalar(score?.score) };
  },
};
