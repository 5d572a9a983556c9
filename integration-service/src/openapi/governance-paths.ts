import { z } from 'zod';
import { AuditListSchema, ErrorBodySchema, PrivacyRequestCreateSchema, PrivacyRequestSchema, RoleSchema } from '@partnerforge/shared/schemas';

const json = (schema: z.ZodType) => ({ 'application/json': { schema: z.toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'any', io: 'input' }) } });
const errorResponse = (description: string) => ({ description, content: json(ErrorBodySchema) });
const authErrors = { '401': errorResponse('Missing, malformed, revoked or expired API key'), '429': errorResponse('Rate limit reached (Retry-After says when to try again)') };
const param = (name: string, where: 'path' | 'query', description: string, required = where === 'path') => ({ name, in: where, required, description, schema: { type: 'string' } });

/** The OpenAPI paths of governance: audit log, roles, privacy requests, teams, territories, assignments. */
export function governancePaths() {
  return {
    '/v1/audit': {
      get: {
        summary: 'The audit trail, newest first (admins)',
        parameters: [
          param('actor', 'query', 'Only rows of this actor (user id)'),
          param('action', 'query', 'Only this action, e.g. api_key.revoked'),
          param('targetType', 'query', 'Only targets of this type'),
          param('target', 'query', 'Only this target id (a domain, key prefix, user id …)'),
          param('since', 'query', 'At or after this time (ISO 8601)'),
          param('until', 'query', 'Before this time (ISO 8601)'),
          param('limit', 'query', 'Items per page (1–200, default 50)'),
          param('cursor', 'query', 'The nextCursor of the previous page'),
        ],
        responses: { '200': { description: 'A page of audit rows', content: json(AuditListSchema) }, '400': errorResponse('Invalid query'), '403': errorResponse('Not an admin'), ...authErrors },
      },
    },
    '/v1/privacy-requests': {
      post: {
        summary: 'A GDPR access or erasure request about one person, by e-mail and/or name (admins; audited)',
        requestBody: { required: true, content: json(PrivacyRequestCreateSchema) },
        responses: {
          '201': { description: 'Completed: every occurrence found (access) or erased in place (erasure)', content: json(PrivacyRequestSchema) },
          '400': errorResponse('Neither e-mail nor name'),
          '403': errorResponse('Not an admin'),
          ...authErrors,
        },
      },
    },
    '/v1/users/{id}': {
      patch: {
        summary: "Change a user's role (admins; audited)",
        parameters: [param('id', 'path', 'The user id (uuid)')],
        requestBody: { required: true, content: json(z.strictObject({ role: RoleSchema })) },
        responses: { '200': { description: 'The user', content: json(z.object({ id: z.string(), email: z.string(), role: RoleSchema })) }, '403': errorResponse('Not an admin'), '404': errorResponse('No such user'), ...authErrors },
      },
    },
  };
}
