import { createHmac } from 'node:crypto';
import { request } from 'undici';

/**
 * Signed requests as Slack sends them (`v0=` HMAC-SHA256 of `v0:{timestamp}:{body}`), posted with
 * undici's own client: the global fetch is intercepted by nock, which cannot pass a body through
 * to a real local server.
 */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SignOptions {
  /** Seconds since the epoch; default now. */
  timestamp?: number;
  /** Overrides the computed signature (a forged request). */
  signature?: string;
}

export interface SlackPostResult {
  status: number;
  text: string;
  /** The parsed body, when it is JSON. */
  json: unknown;
  /** How long the app took to answer, ms. */
  elapsedMs: number;
}

export async function postSigned(url: string, secret: string, body: string, contentType: string, options: SignOptions = {}): Promise<SlackPostResult> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const started = performance.now();
  const response = await request(url, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': options.signature ?? slackSignature(secret, timestamp, body),
    },
    body,
  });
  const text = await response.body.text();
  const elapsedMs = performance.now() - started;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.statusCode, text, json, elapsedMs };
}

let sequence = 0;

/** The form fields of a `/pf` slash command; each gets its own response_url. */
export function slashCommandFields(userId: string, text: string, responseUrlBase = 'https://hooks.slack.test'): Record<string, string> {
  sequence += 1;
  return {
    token: 'legacy-verification-token',
    team_id: 'T0PARTNER',
    team_domain: 'acme-sales',
    channel_id: 'C0GENERAL',
    channel_name: 'general',
    user_id: userId,
    user_name: userId.toLowerCase(),
    command: '/pf',
    text,
    api_app_id: 'A0PARTNERFORGE',
    is_enterprise_install: 'false',
    response_url: `${responseUrlBase}/commands/T0PARTNER/${Date.now()}${sequence}/${userId}`,
    trigger_id: `${sequence}.trigger`,
  };
}

export function postSlashCommand(baseUrl: string, secret: string, fields: Record<string, string>, options?: SignOptions) {
  return postSigned(`${baseUrl}/slack/events`, secret, new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded', options);
}

/** A click on a card button, as a `block_actions` interaction payload. */
export function buttonClickPayload(userId: string, actionId: string, value: string, responseUrlBase = 'https://hooks.slack.test'): Record<string, unknown> {
  sequence += 1;
  return {
    type: 'block_actions',
    team: { id: 'T0PARTNER', domain: 'acme-sales' },
    user: { id: userId, username: userId.toLowerCase(), team_id: 'T0PARTNER' },
    api_app_id: 'A0PARTNERFORGE',
    token: 'legacy-verification-token',
    container: { type: 'message', message_ts: '1700000000.000100', channel_id: 'C0GENERAL', is_ephemeral: true },
    trigger_id: `${sequence}.trigger`,
    channel: { id: 'C0GENERAL', name: 'general' },
    response_url: `${responseUrlBase}/actions/T0PARTNER/${Date.now()}${sequence}/${userId}`,
    actions: [{ type: 'button', block_id: 'pf_card_actions', action_id: actionId, text: { type: 'plain_text', text: 'Re-enrich' }, value, action_ts: '1700000001.000200' }],
  };
}

export function postInteraction(baseUrl: string, secret: string, payload: Record<string, unknown>, options?: SignOptions) {
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return postSigned(`${baseUrl}/slack/events`, secret, body, 'application/x-www-form-urlencoded', options);
}

/** An Events API callback (e.g. `app_home_opened`). */
export function postEvent(baseUrl: string, secret: string, event: Record<string, unknown>, options?: SignOptions) {
  sequence += 1;
  const body = JSON.stringify({
    token: 'legacy-verification-token',
    team_id: 'T0PARTNER',
    api_app_id: 'A0PARTNERFORGE',
    event,
    type: 'event_callback',
    event_id: `Ev${sequence}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: 'T0PARTNER', user_id: 'U0BOT', is_bot: true, is_enterprise_install: false }],
  });
  return postSigned(`${baseUrl}/slack/events`, secret, body, 'application/json', options);
}
