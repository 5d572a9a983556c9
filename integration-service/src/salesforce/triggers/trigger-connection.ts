import { Connection } from 'jsforce';
import type { Config } from '../../config/config.ts';

/**
 * A jsforce Connection for the triggers when the configuration hands over a ready session
 * (SALESFORCE_ACCESS_TOKEN + SALESFORCE_INSTANCE_URL). The Salesforce core's connection factory
 * (JWT, client credentials, username-password, session refresh) replaces this at merge.
 */
export function connectionForTriggers(config: Pick<Config, 'salesforce'>): Connection | undefined {
  const { auth, apiVersion } = config.salesforce;
  if (auth.kind !== 'access_token') return undefined;
  return new Connection({ instanceUrl: auth.instanceUrl, accessToken: auth.accessToken, version: apiVersion });
}
