import type { Intel } from '@partnerforge/shared/schemas';

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

/** A terminal rendering of the intel card: what an AE scans before a call. */
export function formatIntel(intel: Intel): string {
  const lines = [`${intel.company?.name ?? intel.domain} (${intel.domain})`];
  if (intel.score !== null) lines.push(`  Score ${intel.score} · ${intel.tier}`);
  for (const item of intel.breakdown) lines.push(`    +${item.points} ${item.reason}`);
  lines.push(`  Search vendor: ${intel.searchVendor ?? 'none detected'}`);
  if (intel.partnerPlatforms.length) lines.push(`  Platforms: ${intel.partnerPlatforms.join(', ')}`);
  if (intel.technologies.length) lines.push(`  Technologies (${intel.technologies.length}): ${intel.technologies.slice(0, 12).map((t) => t.name).join(', ')}`);
  if (intel.traffic?.monthlyVisits) lines.push(`  Traffic: ${compact.format(intel.traffic.monthlyVisits)} visits/month`);
  if (intel.financials) lines.push(`  Financials: ${intel.financials.ticker}${intel.financials.revenueUsd ? ` · revenue ${compact.format(intel.financials.revenueUsd)} ${intel.financials.currency ?? ''}` : ''}`);
  lines.push(`  Sources: ${intel.sources.map((s) => `${s.module} ${s.fetchedAt.slice(0, 10)}${s.fresh ? '' : ' (stale)'}`).join('; ')}`);
  return lines.join('\n');
}
