import { z } from 'zod';
import { ErrorBodySchema } from '@partnerforge/shared/schemas';
import { OpportunityWebhookResultSchema, OpportunityWebhookSchema } from './opportunity-webhook.schema.ts';
import { OPPORTUNITY_WEBHOOK_PATH } from './opportunity-webhook.routes.ts';

const json = (schema: z.ZodType) => ({ 'application/json': { schema: z.toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'any', io: 'input' }) } });
const errorResponse = (description: string) => ({ description, content: json(ErrorBodySchema) });
const header = (name: string, description: string) => ({ name, in: 'header', required: true, description, schema: { type: 'string' } });

/** The OpenAPI path of the Salesforce Flow webhook (signed, no API key). */
export function opportunityWebhookPaths() {
  return {
    [OPPORTUNITY_WEBHOOK_PATH]: {
      post: {
        summary: 'A record-triggered Flow reports an Opportunity stage change; a move into a configured stage enriches its Account once',
        security: [],
        parameters: [
          header('X-PF-Timestamp', 'Unix time in seconds when the request was signed; refused when more than 5 minutes off'),
          header('X-PF-Signature', 'sha256=<hex HMAC-SHA256 of "<X-PF-Timestamp>.<raw body>" keyed with SALESFORCE_WEBHOOK_SECRET>'),
        ],
        requestBody: { required: true, content: json(OpportunityWebhookSchema) },
        responses: {
          '202': { description: 'Enrichment of the Account asked for (or joined)', content: json(OpportunityWebhookResultSchema) },
          '200': { description: 'Nothing to do: a repeat, a stage that does not trigger, or an Account without Website', content: json(OpportunityWebhookResultSchema) },
          '400': errorResponse('Invalid JSON or stage change'),
          '401': errorResponse('Missing, malformed, stale or forged signature'),
          '503': errorResponse('SALESFORCE_WEBHOOK_SECRET is not set, or the Account must be looked up and there is no Salesforce connection'),
        },
      },
    },
  };
}
