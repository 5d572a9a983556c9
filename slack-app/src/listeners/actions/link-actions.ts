import type { SlackActionMiddlewareArgs } from '@slack/bolt';

/**
 * Link buttons (Open brief, Open in Salesforce, alert links) open in the browser, yet Slack
 * still sends the click: acknowledging it keeps Slack from flagging the button as broken.
 */
export const LINK_ACTION_IDS = /^pf_(open_brief|open_salesforce|alert_link_\d+)$/;

export async function acknowledgeLinkAction({ ack }: SlackActionMiddlewareArgs): Promise<void> {
  await ack();
}
