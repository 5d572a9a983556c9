import type { Config } from '../config/config.ts';

/** The Lightning page of a Salesforce Account, when the instance URL is configured. */
export function salesforceAccountUrl(config: Pick<Config, 'salesforce'>, salesforceId: string): string | undefined {
  const instance = config.salesforce.instanceUrl ?? (config.salesforce.auth.kind === 'access_token' || config.salesforce.auth.kind === 'client_credentials' ? config.salesforce.auth.instanceUrl : undefined);
  return instance && /^[a-zA-Z0-9]{15,18}$/.test(salesforceId) ? `${instance}/lightning/r/Account/${salesforceId}/view` : undefined;
}
