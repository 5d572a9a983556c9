import { z } from 'zod';
import {
  AlertListSchema,
  AlertRuleCreateSchema,
  AlertRuleListSchema,
  AlertRuleSchema,
  AlertRuleUpdateSchema,
  AlertSchema,
  AlertUpdateSchema,
  ChangeListSchema,
  ErrorBodySchema,
  IntelHistorySchema,
} from '@partnerforge/shared/schemas';

const json = (schema: z.ZodType) => ({ 'application/json': { schema: z.toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'any', io: 'input' }) } });
const errorResponse = (description: string) => ({ description, content: json(ErrorBodySchema) });
const authErrors = { '401': errorResponse('Missing, malformed, revoked or expired API key') };
const param = (name: string, where: 'path' | 'query', description: string, required = where === 'path') => ({ name, in: where, required, description, schema: { type: 'string' } });
const paging = [param('limit', 'query', 'Items per page (1–200, default 50)'), param('cursor', 'query', 'The nextCursor of the previous page')];
const idParam = param('id', 'path', 'The id (uuid)');

/** The OpenAPI paths of history, changes, alert rules, alerts and the brief page. */
export function historyAndAlertPaths() {
  return {
    '/v1/intel/{domain}/history': {
      get: {
        summary: 'Versions of a company\'s intel, newest first, with the change events each brought',
        parameters: [param('domain', 'path', 'A domain, URL or e-mail address'), ...paging, param('module', 'query', 'Only versions of this module')],
        responses: { '200': { description: 'A page of the timeline', content: json(IntelHistorySchema) }, '404': errorResponse('Not enriched yet'), ...authErrors },
      },
    },
    '/v1/changes': {
      get: {
        summary: "Change events on the caller's accounts, newest first",
        parameters: [
          param('since', 'query', 'Only changes detected at or after this time (ISO 8601)'),
          param('significance', 'query', 'Minimum significance (critical, high, medium, low)'),
          param('scope', 'query', 'my_accounts (default) or all (admins and managers)'),
          ...paging,
        ],
        responses: { '200': { description: 'A page of changes', content: json(ChangeListSchema) }, '400': errorResponse('Invalid query'), '403': errorResponse('scope=all needs an admin or manager'), ...authErrors },
      },
    },
    '/v1/alert-rules': {
      get: { summary: "The caller's alert rules and their team's", responses: { '200': { description: 'The rules', content: json(AlertRuleListSchema) }, ...authErrors } },
      post: {
        summary: 'Create an alert rule (personal, or for the team with forTeam)',
        requestBody: { required: true, content: json(AlertRuleCreateSchema) },
        responses: { '201': { description: 'The rule', content: json(AlertRuleSchema) }, '400': errorResponse('Invalid rule'), '403': errorResponse('Scope all or a team rule needs a manager or admin'), ...authErrors },
      },
    },
    '/v1/alert-rules/{id}': {
      patch: {
        summary: 'Change an alert rule (any subset of its fields)',
        parameters: [idParam],
        requestBody: { required: true, content: json(AlertRuleUpdateSchema) },
        responses: { '200': { description: 'The rule', content: json(AlertRuleSchema) }, '400': errorResponse('Invalid rule'), '404': errorResponse('No such rule'), ...authErrors },
      },
      delete: { summary: 'Delete an alert rule', parameters: [idParam], responses: { '204': { description: 'Deleted' }, '404': errorResponse('No such rule'), ...authErrors } },
    },
    '/v1/alerts': {
      get: {
        summary: "The caller's alerts, newest first",
        parameters: [param('status', 'query', 'unread, read or acted'), ...paging],
        responses: { '200': { description: 'A page of alerts', content: json(AlertListSchema) }, ...authErrors },
      },
    },
    '/v1/alerts/{id}': {
      patch: {
        summary: 'Mark an alert read or acted on',
        parameters: [idParam],
        requestBody: { required: true, content: json(AlertUpdateSchema) },
        responses: { '200': { description: 'The alert', content: json(AlertSchema) }, '404': errorResponse('No such alert'), ...authErrors },
      },
    },
    '/briefs/{domain}': {
      get: {
        summary: 'The pre-call brief as an HTML page; the signed token is the credential (no API key)',
        security: [],
        parameters: [param('domain', 'path', 'The domain the link was signed for'), param('token', 'query', 'The signed token of the link (pf brief-url)', true)],
        responses: { '200': { description: 'The brief', content: { 'text/html': { schema: { type: 'string' } } } }, '403': { description: 'Missing, forged or expired token' }, '404': { description: 'Not enriched yet' } },
      },
    },
  };
}
