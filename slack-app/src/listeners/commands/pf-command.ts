import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { deliverLookup } from '../../lookup/deliver-lookup.ts';
import { parsePfCommand } from '../../lookup/parse-pf-command.ts';
import { buildHelpMessage, buildInputErrorMessage, buildLookingUpMessage } from '../../views/messages-builder.ts';
import type { ListenerContext } from '../listener-context.ts';

/**
 * `/pf <domain | URL | email>` and `/pf help`. The ack goes out first, before any I/O: input
 * problems are answered in the ack itself, and the card follows through `respond()`.
 */
export function pfCommand(ctx: ListenerContext) {
  return async ({ command, ack, respond, client }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const parsed = parsePfCommand(command.text);
    if (parsed.kind === 'help') return ack(buildHelpMessage());
    if (parsed.kind === 'invalid') return ack(buildInputErrorMessage(parsed.problem));
    await ack(buildLookingUpMessage(parsed.domain));
    await deliverLookup(ctx, { client, slackUserId: command.user_id, domain: parsed.domain, respond });
  };
}
