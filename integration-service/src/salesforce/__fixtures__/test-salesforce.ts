import { loadConfig, type Config } from '../../config/config.ts';
import { createEventBus, type EventBus } from '../../events/domain-events.ts';
import { createLogger } from '../../logging/logger.ts';
import { createMetrics, type Metrics } from '../../metrics/metrics.ts';
import type { SalesforceClient } from '../salesforce-client.ts';
import { setUpSalesforce } from '../salesforce-setup.ts';

/** The stand-in org of the tests (nock intercepts it). */
export const INSTANCE = 'https://acme.my.salesforce.com';
export const API = '/services/data/v62.0';

export interface TestSalesforce {
  config: Config;
  client: SalesforceClient;
  events: EventBus;
  metrics: Metrics;
}

/** A client configured the way an operator would, with fast retries; client credentials by default. */
export function testSalesforce(env: Record<string, string> = {}, now?: () => number): TestSalesforce {
  const config = loadConfig({
    SALESFORCE_INSTANCE_URL: INSTANCE,
    SALESFORCE_CLIENT_ID: '3MVG9test-consumer-key',
    SALESFORCE_CLIENT_SECRET: 'test-consumer-secret',
    ...env,
  });
  const events = createEventBus();
  const metrics = createMetrics({ collectDefaults: false });
  const client = setUpSalesforce({ config, events, metrics, logger: createLogger({ level: 'silent' }), retry: { maxRetries: 1, minTimeout: 5 }, now });
  if (!client) throw new Error('test Salesforce configuration is off');
  return { config, client, events, metrics };
}

/** A REST record of the query API. */
export function accountRecord(id: string, fields: { Name?: string | null; Website?: string | null; SystemModstamp: string; OwnerId?: string | null; BillingCountry?: string | null }) {
  return {
    attributes: { type: 'Account', url: `${API}/sobjects/Account/${id}` },
    Id: id,
    Name: fields.Name ?? `Account ${id}`,
    Website: fields.Website === undefined ? `${id.toLowerCase()}.com` : fields.Website,
    OwnerId: fields.OwnerId ?? null,
    BillingCountry: fields.BillingCountry ?? null,
    SystemModstamp: fields.SystemModstamp,
  };
}
