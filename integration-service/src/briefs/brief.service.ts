import type { Intel, ModuleId } from '@partnerforge/shared/schemas';
import { buildCardViewModel, type CardViewModel } from '@partnerforge/shared/ui';
import { z } from 'zod';
import type { Db } from '../database/database.ts';
import { latestSnapshots } from '../enrichment/snapshots.repository.ts';
import { AppError } from '../errors/app-error.ts';
import { type ChangeEventRow, listChangeEvents } from '../history/change-events.repository.ts';
import { type IntelOptions, assembleIntel } from '../intel/intel.service.ts';
import { readModuleData } from '../intel/module-data.ts';
import { type SourceRef, sourceRefOf } from './brief-sources.ts';
import { type TalkingPoint, deriveTalkingPoints } from './talking-points.ts';

/** Everything the brief page shows, decided here; components only lay it out. */
export interface BriefModel {
  domain: string;
  card: CardViewModel;
  intel: Intel;
  /** The source of each module that answered, by module id. */
  sources: Partial<Record<ModuleId, SourceRef>>;
  executives: Array<{ name: string; title: string }>;
  changes: ChangeEventRow[];
  /** The source of each change: the snapshot it was found in, by snapshot id. */
  changeSources: Record<string, SourceRef>;
  /** When the website scan first saw each technology (lower-case name), from its history. */
  firstSeenOnWebsite: Record<string, string>;
  talkingPoints: TalkingPoint[];
  generatedAt: Date;
  salesforceUrl?: string;
}

export interface BriefOptions extends IntelOptions {
  /** Newest change events shown on the timeline (default 25). */
  timelineLength?: number;
  salesforceAccountUrl?: (salesforceId: string) => string | undefined;
}

const OfficersSchema = z.looseObject({ officers: z.array(z.object({ name: z.string(), title: z.string() })).catch([]).default([]) });

/** Gathers a domain's brief: its intel, executives, change timeline and talking points; 404 when never enriched. */
export async function buildBrief(db: Db, domain: string, options: BriefOptions): Promise<BriefModel> {
  const now = (options.now ?? (() => new Date()))();
  const snapshots = await latestSnapshots(db, domain);
  if (snapshots.length === 0) throw AppError.notFound(`No intel on ${domain} yet`);
  const intel = assembleIntel(domain, snapshots, options);
  const changes = await listChangeEvents(db, { scope: { kind: 'domain', domain }, limit: options.timelineLength ?? 25 });
  const account = await db.selectFrom('accounts').select(['salesforce_id']).where('domain', '=', domain).executeTakeFirst();
  const executives = readModuleData(OfficersSchema, snapshots.find((s) => s.module === 'financials.yahoo')?.data)?.officers ?? [];
  const sources = Object.fromEntries(intel.sources.map((source) => [source.module, sourceRefOf(source)])) as BriefModel['sources'];
  const changeSources = await sourcesOfSnapshots(db, changes.map((c) => c.snapshot_id), options);
  const firstSeenOnWebsite = await firstSeenOnWebsiteOf(db, domain);
  const salesforceUrl = account?.salesforce_id ? options.salesforceAccountUrl?.(account.salesforce_id) : undefined;

  return {
    domain,
    // The brief is opened by the account's AE: the card as an AE sees it, financials included.
    card: buildCardViewModel({
      intel,
      role: 'ae',
      now,
      changes: changes.map((c) => ({ summary: c.summary, significance: c.significance, detectedAt: c.detected_at.toISOString() })),
      links: salesforceUrl ? { salesforce: salesforceUrl } : {},
    }),
    intel,
    sources,
    executives,
    changes,
    changeSources,
    firstSeenOnWebsite,
    talkingPoints: deriveTalkingPoints({ intel, changes, executives, sources }),
    generatedAt: now,
    ...(salesforceUrl ? { salesforceUrl } : {}),
  };
}

async function sourcesOfSnapshots(db: Db, ids: readonly string[], options: IntelOptions): Promise<Record<string, SourceRef>> {
  if (ids.length === 0) return {};
  const rows = await db.selectFrom('intel_snapshots').select(['id', 'module', 'provider', 'source_url', 'fetched_at']).where('id', 'in', [...new Set(ids)]).execute();
  const now = (options.now ?? (() => new Date()))().getTime();
  return Object.fromEntries(
    rows.map((row) => {
      const ttl = options.ttlMs(row.module as ModuleId);
      const fresh = ttl === 0 || now - row.fetched_at.getTime() < ttl;
      return [row.id, sourceRefOf({ module: row.module, provider: row.provider, sourceUrl: row.source_url, fetchedAt: row.fetched_at.toISOString(), fresh })];
    }),
  );
}

const FingerprintNamesSchema = z.looseObject({ technologies: z.array(z.looseObject({ name: z.string() })).catch([]).default([]) });

/** The earliest website scan (of the last 100) that saw each technology. */
async function firstSeenOnWebsiteOf(db: Db, domain: string): Promise<Record<string, string>> {
  const scans = await db
    .selectFrom('intel_snapshots')
    .select(['data', 'fetched_at'])
    .where('domain', '=', domain)
    .where('module', '=', 'website.fingerprint')
    .orderBy('version', 'desc')
    .limit(100)
    .execute();
  const firstSeen: Record<string, string> = {};
  for (const scan of scans) {
    for (const tech of readModuleData(FingerprintNamesSchema, scan.data)?.technologies ?? []) firstSeen[tech.name.toLowerCase()] = scan.fetched_at.toISOString();
  }
  return firstSeen;
}
