import { z } from 'zod';
import {
  EnrichmentAcceptedSchema,
  EnrichmentBatchAcceptedSchema,
  EnrichmentBatchRequestSchema,
  EnrichmentJobSchema,
  EnrichmentRequestSchema,
  ErrorBodySchema,
  IntelSchema,
  MeSchema,
} from '@partnerforge/shared/schemas';
import { historyAndAlertPaths } from './history-alert-paths.ts';
import { opportunityWebhookPaths } from '../salesforce/triggers/opportunity-webhook.openapi.ts';
import { governancePaths } from './governance-paths.ts';
import { healthPaths } from '../health/health.openapi.ts';

const json = (schema: z.ZodType) => ({ 'application/json': { schema: z.toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'any' }) } });
const errorResponse = (description: string) => ({ description, content: json(ErrorBodySchema) });
const authErrors = { '401': errorResponse('Missing, malformed, revoked or expired API key') };
const pathParam = (name: string, description: string) => ({ name, in: 'path', required: true, description, schema: { type: 'string' } });

/**
 * The OpenAPI 3.1 description of the HTTP API, generated from the same zod schemas that
 * validate requests, so it cannot drift from the code. Written to openapi.json by `pf openapi`.
 */
export function buildOpenApiDocument() {
  return {
    openapi: '3.1.0',
    info: { title: 'PartnerForge API', version: '1.0.0', description: 'Account intelligence: enrichment jobs and the intel they produce.' },
    components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'A per-user key: pf_xxxxxxxx_…' } } },
    security: [{ apiKey: [] }],
    paths: {
      '/v1/me': { get: { summary: 'The caller of this key', responses: { '200': { description: 'The caller', content: json(MeSchema) }, ...authErrors } } },
      '/v1/enrichments': {
        post: {
          summary: 'Enrich a company (joins a running enrichment of the same domain)',
          requestBody: { required: true, content: json(EnrichmentRequestSchema) },
          responses: {
            '202': { description: 'Accepted; follow statusUrl', content: json(EnrichmentAcceptedSchema) },
            '400': errorResponse('Invalid body or not a company domain'),
            ...authErrors,
          },
        },
      },
      '/v1/enrichments/batch': {
        post: {
          summary: 'Enrich up to 500 companies in one request; each input is accepted or refused on its own',
          requestBody: { required: true, content: json(EnrichmentBatchRequestSchema) },
          responses: {
            '202': { description: 'Accepted: one entry per accepted input (inputs of one domain share its job) and per refused one, with the code the single POST would answer', content: json(EnrichmentBatchAcceptedSchema) },
            '400': errorResponse('Invalid body (no domains, more than 500, unknown fields)'),
            ...authErrors,
          },
        },
      },
      '/v1/enrichments/{jobId}': {
        get: {
          summary: 'Status, progress and per-module results of an enrichment job',
          parameters: [pathParam('jobId', 'The job id returned by POST /v1/enrichments')],
          responses: { '200': { description: 'The job', content: json(EnrichmentJobSchema) }, '404': errorResponse('No such job'), ...authErrors },
        },
      },
      '/v1/enrichments/{jobId}/retry': {
        post: {
          summary: 'Run again only the modules a partial or failed job did not complete',
          parameters: [pathParam('jobId', 'A finished job')],
          responses: {
            '202': { description: 'Accepted', content: json(EnrichmentAcceptedSchema) },
            '404': errorResponse('No such job'),
            '409': errorResponse('The job is still running or fully completed'),
            ...authErrors,
          },
        },
      },
      '/v1/intel/{domain}': {
        get: {
          summary: 'The current intel on a company',
          parameters: [pathParam('domain', 'A domain, URL or e-mail address')],
          responses: {
            '200': { description: 'The intel, every fact with its source and freshness', content: json(IntelSchema) },
            '400': errorResponse('Not a company domain'),
            '404': errorResponse('Not enriched yet; details.hint says how to enrich'),
            ...authErrors,
          },
        },
      },
      ...historyAndAlertPaths(),
      ...opportunityWebhookPaths(),
      ...governancePaths(),
      ...healthPaths(),
    },
  };
}
