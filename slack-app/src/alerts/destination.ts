import type { AlertDeliveryJob } from '@partnerforge/shared/schemas';

/** Where an alert goes: the rule's channel, or the recipient's direct messages. */
export type Destination = { kind: 'channel'; channelId: string } | { kind: 'dm'; email: string; slackUserId?: string };

export function destinationOf(alert: AlertDeliveryJob): Destination {
  if (alert.channelId) return { kind: 'channel', channelId: alert.channelId };
  return { kind: 'dm', email: alert.recipient.email.toLowerCase(), ...(alert.recipient.slackUserId ? { slackUserId: alert.recipient.slackUserId } : {}) };
}

/**
 * A stable name for a destination. A change is posted once per destination: once in a channel
 * however many rules point there, once in each recipient's DM.
 */
export function destinationKey(destination: Destination): string {
  return destination.kind === 'channel' ? `channel:${destination.channelId}` : `dm:${destination.email}`;
}

/** The exactly-once key of one alert at one destination. */
export function deliveryKey(alert: AlertDeliveryJob): string {
  return `${alert.dedupeKey}|${destinationKey(destinationOf(alert))}`;
}
