import type { ScoringProfile } from '../../scoring/scoring-profile.ts';
import { scoreAccount } from '../../scoring/score-account.ts';
import { BuiltWithDataSchema, FingerprintDataSchema, TrafficDataSchema, readModuleData } from '../../intel/module-data.ts';
import type { EnrichmentModule } from '../module-types.ts';
import { ProviderError } from '../../providers/resilience/provider-error.ts';

/** Technology categories that make a site a store, when the CRM does not give a vertical. */
const COMMERCE_CATEGORIES = new Set(['ecommerce', 'e-commerce']);

/**
 * The ICP score, derived from the other modules' data: vertical (CRM, else inferred from an
 * e-commerce platform), traffic, tech spend and partner technologies. Every point has a reason.
 */
export function createScoreModule(options: { profile: ScoringProfile; profileSource: string }): EnrichmentModule {
  return {
    id: 'score',
    dependsOn: ['website.fingerprint', 'tech.builtwith', 'traffic.similarweb'],
    providers: ['partnerforge'],
    ttlMs: 0,
    costUsd: 0,
    enabled: true,
    derived: true,
    async run(context) {
      const fingerprint = readModuleData(FingerprintDataSchema, context.inputs['website.fingerprint']);
      const builtwith = readModuleData(BuiltWithDataSchema, context.inputs['tech.builtwith']);
      const traffic = readModuleData(TrafficDataSchema, context.inputs['traffic.similarweb']);
      // A score from no data at all would read as "cold" rather than "unknown".
      if (!fingerprint && !builtwith && !traffic && !context.account?.vertical) {
        throw new ProviderError('partnerforge', 'not_found', 'Nothing to score yet: no source answered', { retryable: false });
      }
      const allTechnologies = [...(fingerprint?.technologies ?? []), ...(builtwith?.technologies ?? [])];
      const inferredCommerce = allTechnologies.some((t) => t.categories.some((c) => COMMERCE_CATEGORIES.has(c.toLowerCase())));
      const vertical = context.account?.vertical ?? (inferredCommerce ? 'Commerce' : undefined);
      const input = {
        vertical,
        monthlyVisits: traffic?.monthlyVisits ?? undefined,
        techSpendUsd: builtwith?.techSpendUsd ?? undefined,
        technologies: [...new Set([...allTechnologies.map((t) => t.name), ...(fingerprint?.partnerPlatforms ?? [])])],
      };
      const result = scoreAccount(input, options.profile);
      return {
        provider: 'partnerforge',
        data: {
          ...result,
          verticalSource: context.account?.vertical ? 'crm' : inferredCommerce ? 'inferred_from_technologies' : 'unknown',
          inputs: input,
        },
        sourceUrl: options.profileSource,
        fetchedAt: new Date(),
      };
    },
  };
}
