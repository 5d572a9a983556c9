import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { deliverLookup } from '../../lookup/deliver-lookup.ts';
import { parsePfCommand } from '../../lookup/parse-pf-command.ts';
import { buildReenrichingMessage } from '../../views/messages-builder.ts';
import type { ListenerContext } from '../listener-context.ts';

/** The card's Re-enrich button: a forced enrichment, then the refreshed card in place. */
export function reenrichAction(ctx: ListenerContext) {
  return async ({ ack, action, body, respond, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    // The value is the domain our own card carried; it is normalized again all the same.
    const parsed = parsePfCommand(action.value ?? '');
    if (parsed.kind !== 'lookup') {
      ctx.logger.warn({ value: action.value }, 're-enrich button without a domain');
      return;
    }
    await respond(buildReenrichingMessage(parsed.domain));
    await deliverLookup(ctx, { client, slackUserId: body.user.id, domain: parsed.domain, respond, force: true });
  };
}
