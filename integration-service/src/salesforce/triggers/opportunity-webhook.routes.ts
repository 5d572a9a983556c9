import express, { Router } from 'express';
import { AppError } from '../../errors/app-error.ts';
import { parseOrThrow } from '../../errors/validate.ts';
import { OpportunityWebhookSchema } from './opportunity-webhook.schema.ts';
import type { StageMove, StageMoveResult } from './stage-move.ts';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyWebhookSignature } from './webhook-signature.ts';

export const OPPORTUNITY_WEBHOOK_PATH = '/v1/webhooks/salesforce/opportunity';

export interface OpportunityWebhookOptions {
  /** SALESFORCE_WEBHOOK_SECRET; without it the endpoint refuses everything with 503. */
  secret?: string;
  handleMove(move: StageMove): Promise<StageMoveResult>;
  bodyLimitBytes: number;
}

const REFUSALS = {
  missing: 'X-PF-Timestamp and X-PF-Signature are required',
  malformed: 'X-PF-Timestamp must be Unix seconds and X-PF-Signature "sha256=<64 hex digits>"',
  stale: 'The signature timestamp is more than 5 minutes away from our clock',
  mismatch: 'The signature does not match the body',
} as const;

/**
 * `POST /v1/webhooks/salesforce/opportunity` for a record-triggered Flow. The HMAC signature is
 * the credential, not an API key: mount this before the JSON parser and the /v1 key check, since
 * the signature covers the raw bytes.
 */
export function opportunityWebhookRoutes(options: OpportunityWebhookOptions): Router {
  const router = Router();
  router.post(
    OPPORTUNITY_WEBHOOK_PATH,
    (_req, _res, next) => {
      // Unsigned calls are never accepted: without a secret the endpoint is off, and says why.
      if (!options.secret) throw new AppError('unavailable', 503, 'The Salesforce webhook is off: set SALESFORCE_WEBHOOK_SECRET to turn it on');
      next();
    },
    express.raw({ type: () => true, limit: options.bodyLimitBytes }),
    async (req, res) => {
      const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const check = verifyWebhookSignature({ secret: options.secret as string, timestamp: req.get(TIMESTAMP_HEADER), signature: req.get(SIGNATURE_HEADER), rawBody });
      if (!check.ok) {
        req.log.warn({ reason: check.reason }, 'salesforce webhook refused');
        throw new AppError('unauthorized', 401, REFUSALS[check.reason], { reason: check.reason });
      }
      let json: unknown;
      try {
        json = JSON.parse(rawBody.toString('utf8'));
      } catch {
        throw new AppError('invalid_json', 400, 'The request body is not valid JSON');
      }
      const body = parseOrThrow(OpportunityWebhookSchema, json, 'stage change');
      const result = await options.handleMove({
        opportunityId: body.opportunityId,
        accountSalesforceId: body.accountId,
        stageName: body.stageName,
        previousStageName: body.previousStageName ?? undefined,
        website: body.website || undefined,
        changedAt: body.changedAt ? new Date(body.changedAt) : check.signedAt,
        source: 'webhook',
        eventKey: `webhook-${req.get(TIMESTAMP_HEADER)}`,
      });
      res.status(result.outcome === 'enqueued' ? 202 : 200).json(result);
    },
  );
  return router;
}
