import { z } from 'zod';
import { AssignmentCreateSchema, TeamCreateSchema, TeamMemberSchema, TeamUpdateSchema, TerritoryCreateSchema, TerritoryUpdateSchema } from '../org/org-schemas.ts';
import { AuditListSchema, ErrorBodySchema, PrivacyRequestCreateSchema, PrivacyRequestSchema, RoleSchema } from '@partnerforge/shared/schemas';

const json = (schema: z.ZodType) => ({ 'application/json': { schema: z.toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'any', io: 'input' }) } });
const errorResponse = (description: string) => ({ description, content: json(ErrorBodySchema) });
const authErrors = { '401': errorResponse('Missing, malformed, revoked or expired API key'), '429': errorResponse('Rate limit reached (Retry-After says when to try again)') };
const idParam = { name: 'id', in: 'path', required: true, description: 'The id (uuid)', schema: { type: 'string' } };
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
    '/v1/teams': {
      get: { summary: 'Teams with member counts and budgets (admins, managers)', responses: { '200': { description: 'The teams' }, '403': errorResponse('Not an admin or manager'), ...authErrors } },
      post: { summary: 'Create a team (admins)', requestBody: { required: true, content: json(TeamCreateSchema) }, responses: { '201': { description: 'The team' }, '409': errorResponse('The name is taken'), ...authErrors } },
    },
    '/v1/teams/{id}': {
      patch: { summary: 'Rename a team or change its budget (admins; managers their own)', parameters: [idParam], requestBody: { required: true, content: json(TeamUpdateSchema) }, responses: { '200': { description: 'The team' }, '403': errorResponse('Not this team\'s manager'), ...authErrors } },
      delete: { summary: 'Delete a team (admins)', parameters: [idParam], responses: { '204': { description: 'Deleted' }, '404': errorResponse('No such team'), ...authErrors } },
    },
    '/v1/teams/{id}/members': {
      post: { summary: 'Move a user into the team (admins; managers their own)', parameters: [idParam], requestBody: { required: true, content: json(TeamMemberSchema) }, responses: { '201': { description: 'Moved' }, ...authErrors } },
    },
    '/v1/territories': {
      get: { summary: 'Territories with filters and members (admins, managers)', responses: { '200': { description: 'The territories' }, ...authErrors } },
      post: { summary: "Create a territory (region, vertical, min_score filters; a manager's is in their team)", requestBody: { required: true, content: json(TerritoryCreateSchema) }, responses: { '201': { description: 'The territory' }, '403': errorResponse('Another team'), ...authErrors } },
    },
    '/v1/territories/{id}': {
      patch: { summary: 'Change a territory; members, when given, replace the current ones', parameters: [idParam], requestBody: { required: true, content: json(TerritoryUpdateSchema) }, responses: { '200': { description: 'The territory' }, ...authErrors } },
      delete: { summary: 'Delete a territory', parameters: [idParam], responses: { '204': { description: 'Deleted' }, ...authErrors } },
    },
    '/v1/assignments': {
      get: { summary: 'Account assignments (admins, managers)', parameters: [param('domain', 'query', 'Only this account'), param('userId', 'query', 'Only this user')], responses: { '200': { description: 'The assignments' }, ...authErrors } },
      post: { summary: 'Assign a user to an account as owner, team member or viewer (an owner also sets the account owner)', requestBody: { required: true, content: json(AssignmentCreateSchema) }, responses: { '201': { description: 'The assignment' }, '403': errorResponse('Not an account or team the caller administers'), ...authErrors } },
    },
    '/v1/assignments/{id}': {
      delete: { summary: 'Remove an assignment', parameters: [idParam], responses: { '204': { description: 'Removed' }, ...authErrors } },
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
