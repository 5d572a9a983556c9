/**
 * The PartnerForge values written onto a Salesforce Account, by our name. These are the only
 * fields a push ever writes; everything else on the Account is left alone.
 */
export const PUSH_FIELDS = ['score', 'priority', 'techStack', 'searchVendor', 'lastEnriched', 'briefUrl'] as const;
export type PushField = (typeof PUSH_FIELDS)[number];

/** Our field → Account field API name. */
export type FieldMapping = Readonly<Record<PushField, string>>;

/** The API names of the custom fields shipped in integration-service/salesforce/ (keep in step). */
export const DEFAULT_FIELD_MAPPING: FieldMapping = {
  score: 'PartnerForge_Score__c',
  priority: 'PartnerForge_Priority__c',
  techStack: 'PartnerForge_Tech_Stack__c',
  searchVendor: 'PartnerForge_Search_Vendor__c',
  lastEnriched: 'PartnerForge_Last_Enriched__c',
  briefUrl: 'PartnerForge_Brief_URL__c',
};

const API_NAME = /^[A-Za-z][A-Za-z0-9_]{0,38}[A-Za-z0-9](__c)?$/;

/**
 * Reads `"score=My_Score__c,briefUrl=Brief__c"` over the defaults. Returns the problem as a
 * string for the config schema to report, or the mapping.
 */
export function parseFieldMapping(spec: string | undefined): FieldMapping | string {
  const mapping: Record<string, string> = { ...DEFAULT_FIELD_MAPPING };
  if (!spec) return mapping as FieldMapping;
  for (const pair of spec.split(',')) {
    const [field, apiName, ...rest] = pair.split('=').map((part) => part.trim());
    if (!field || !apiName || rest.length > 0) return `expected "field=Api_Name__c,…", got "${pair}"`;
    if (!(PUSH_FIELDS as readonly string[]).includes(field)) return `unknown field "${field}"; expected one of ${PUSH_FIELDS.join(', ')}`;
    if (!API_NAME.test(apiName)) return `"${apiName}" is not a Salesforce field API name`;
    mapping[field] = apiName;
  }
  const names = Object.values(mapping);
  if (new Set(names.map((n) => n.toLowerCase())).size !== names.length) return 'two fields map to the same Salesforce field';
  return mapping as FieldMapping;
}
