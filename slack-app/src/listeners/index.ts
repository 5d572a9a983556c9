import type { App, BlockButtonAction } from '@slack/bolt';
import { CARD_ACTIONS } from '../views/intel-card-builder.ts';
import { LINK_ACTION_IDS, acknowledgeLinkAction } from './actions/link-actions.ts';
import { reenrichAction } from './actions/reenrich-action.ts';
import { pfCommand } from './commands/pf-command.ts';
import { appHomeOpened } from './events/app-home-opened.ts';
import type { ListenerContext } from './listener-context.ts';

export type { ListenerContext };

/** Every listener of the app, in one place. */
export function registerListeners(app: App, ctx: ListenerContext): void {
  app.command('/pf', pfCommand(ctx));
  app.action<BlockButtonAction>(CARD_ACTIONS.reenrich, reenrichAction(ctx));
  app.action(LINK_ACTION_IDS, acknowledgeLinkAction);
  app.event('app_home_opened', appHomeOpened(ctx));
}
