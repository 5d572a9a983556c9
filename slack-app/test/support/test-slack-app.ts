import { Writable } from 'node:stream';
import type { PartnerForgeClient } from '@partnerforge/shared/client';
import { type SlackApp, createSlackApp } from '../../src/app.ts';
import { loadSlackConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { SLACK_API_URL } from './slack-double.ts';

export const SIGNING_SECRET = 'test-signing-secret-8f2b1c';

export interface TestSlackApp {
  app: SlackApp;
  baseUrl: string;
  /** JSON log lines written so far. */
  logs: () => Array<Record<string, unknown>>;
  stop(): Promise<void>;
}

/** The real Bolt app in HTTP mode on a free port, pointed at the Slack double and a service. */
export async function startTestSlackApp(options: { serviceUrl: string; serviceKey: string; partnerForge?: PartnerForgeClient; env?: Record<string, string> }): Promise<TestSlackApp> {
  const config = loadSlackConfig({
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_ID: 'B0PARTNERFORGE',
    SLACK_BOT_USER_ID: 'U0BOT',
    SLACK_API_URL,
    SLACK_PORT: '0',
    SLACK_HOST: '127.0.0.1',
    PF_SERVICE_URL: options.serviceUrl,
    PF_SERVICE_API_KEY: options.serviceKey,
    PF_PUBLIC_URL: 'https://partnerforge.acme.test',
    SALESFORCE_INSTANCE_URL: 'https://acme.my.salesforce.com',
    SLACK_PROGRESS_INTERVAL_MS: '1000',
    LOG_LEVEL: 'debug',
    ...options.env,
  });
  const chunks: string[] = [];
  const logger = createLogger({ level: config.LOG_LEVEL, destination: new Writable({ write: (chunk, _enc, done) => (chunks.push(String(chunk)), done()) }) });
  const app = createSlackApp({ config, logger, pollIntervalMs: 200, ...(options.partnerForge ? { partnerForge: options.partnerForge } : {}) });
  const { port } = await app.start();
  return {
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    logs: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    stop: () => app.stop(),
  };
}
