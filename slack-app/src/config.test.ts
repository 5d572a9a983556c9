import { expect, it } from 'vitest';
import { loadSlackConfig } from './config.ts';

it('stays off without a bot token and points at Slack by default', () => {
  const config = loadSlackConfig({});
  expect(config.enabled).toBe(false);
  expect(config.SLACK_API_URL).toBe('https://slack.com/api');
});

it('can be pointed at a local Slack double', () => {
  expect(loadSlackConfig({ SLACK_API_URL: 'http://127.0.0.1:9000/api/' }).SLACK_API_URL).toBe('http://127.0.0.1:9000/api');
});

it('names a missing signing secret in HTTP mode and a bad URL', () => {
  expect(() => loadSlackConfig({ SLACK_BOT_TOKEN: 'xoxb-test' })).toThrow(/SLACK_SIGNING_SECRET: required in HTTP mode/);
  expect(() => loadSlackConfig({ PF_SERVICE_URL: 'ftp://x' })).toThrow(/PF_SERVICE_URL: expected a URL/);
});

it('chooses Socket Mode with an app token and HTTP mode otherwise', () => {
  const base = { SLACK_BOT_TOKEN: 'xoxb-test', PF_SERVICE_API_KEY: 'pf_abcdefgh_x' };
  expect(loadSlackConfig({ ...base, SLACK_APP_TOKEN: 'xapp-test' }).mode).toBe('socket');
  expect(loadSlackConfig({ ...base, SLACK_SIGNING_SECRET: 'secret' })).toMatchObject({ mode: 'http', enabled: true });
});

it('needs a service key with a bot token, and both bot ids or neither', () => {
  expect(() => loadSlackConfig({ SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 's' })).toThrow(/PF_SERVICE_API_KEY: required with SLACK_BOT_TOKEN/);
  expect(() => loadSlackConfig({ SLACK_BOT_ID: 'B1' })).toThrow(/SLACK_BOT_USER_ID: set SLACK_BOT_ID and SLACK_BOT_USER_ID together/);
});

it('reads the alert settings, naming a bad hour, time zone or Redis URL', () => {
  const config = loadSlackConfig({ REDIS_URL: 'redis://127.0.0.1:6379', PF_ALERT_DIGEST_HOUR: '7', PF_ALERT_DIGEST_TZ: 'Europe/Paris' });
  expect(config).toMatchObject({ REDIS_URL: 'redis://127.0.0.1:6379', PF_REDIS_PREFIX: 'pf', PF_ALERT_DIGEST_HOUR: 7, PF_ALERT_DIGEST_TZ: 'Europe/Paris', PF_ALERT_CHANNEL_INTERVAL_MS: 1100 });
  expect(() => loadSlackConfig({ PF_ALERT_DIGEST_HOUR: '24' })).toThrow(/PF_ALERT_DIGEST_HOUR: expected an hour from 0 to 23/);
  expect(() => loadSlackConfig({ PF_ALERT_DIGEST_TZ: 'Mars/Olympus' })).toThrow(/PF_ALERT_DIGEST_TZ: expected an IANA time zone/);
  expect(() => loadSlackConfig({ REDIS_URL: 'http://redis' })).toThrow(/REDIS_URL: expected a URL starting with redis:\/\//);
});
