import { pino } from 'pino';
import { HTTPReceiver, SocketModeReceiver } from '@slack/bolt';
import { expect, it } from 'vitest';
import { createSlackApp } from './app.ts';
import { loadSlackConfig } from './config.ts';

const logger = pino({ level: 'silent' });
const receiverOf = (app: ReturnType<typeof createSlackApp>) => (app.bolt as unknown as { receiver: unknown }).receiver;

it('runs in Socket Mode with an app token (no public URL) and over signed HTTP otherwise', () => {
  const base = { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_BOT_ID: 'B1', SLACK_BOT_USER_ID: 'U1', PF_SERVICE_API_KEY: 'pf_x_y' };
  const socket = createSlackApp({ config: loadSlackConfig({ ...base, SLACK_APP_TOKEN: 'xapp-1-test' }), logger });
  expect(receiverOf(socket)).toBeInstanceOf(SocketModeReceiver);
  const http = createSlackApp({ config: loadSlackConfig({ ...base, SLACK_SIGNING_SECRET: 'secret' }), logger });
  expect(receiverOf(http)).toBeInstanceOf(HTTPReceiver);
  expect(() => createSlackApp({ config: loadSlackConfig({}), logger })).toThrow(/SLACK_BOT_TOKEN is required/);
});
