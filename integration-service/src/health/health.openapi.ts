import { z } from 'zod';
import { DetailedHealthSchema, ErrorBodySchema } from '@partnerforge/shared/schemas';

const json = (schema: z.ZodType) => ({ 'application/json': { schema: z.toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'any' }) } });
const errorResponse = (description: string) => ({ description, content: json(ErrorBodySchema) });

/** The OpenAPI path of the operators' detailed health report (the probes themselves stay undocumented). */
export function healthPaths() {
  return {
    '/health/detailed': {
      get: {
        summary: 'Database, Redis, providers (configured, rate limit, circuit state across processes), Salesforce API usage and sync pause, queue counts (admins)',
        description: 'Answers 200 even when a part is down: that part says `down` and `status` is `degraded`. Never contains a key, token or password.',
        responses: {
          '200': { description: 'The report', content: json(DetailedHealthSchema) },
          '401': errorResponse('Missing, malformed, revoked or expired API key'),
          '403': errorResponse('Not an admin'),
        },
      },
    },
  };
}
