import type { AddressInfo } from 'node:net';
import { App, type CustomRoute } from '@slack/bolt';
import { fetch as undiciFetch } from 'undici';
import { type PartnerForgeClient, createPartnerForgeClient } from '@partnerforge/shared/client';
import { type AccountActivityStore, createMemoryActivityStore } from './activity/account-activity.ts';
import type { SlackConfig } from './config.ts';
import { type ListenerContext, registerListeners } from './listeners/index.ts';
import { type Logger, toBoltLogger } from './logger.ts';
import { createAccountLookup } from './lookup/account-lookup.ts';
import { createCardLinks } from './lookup/card-links.ts';
import { createSlackUserDirectory } from './users/slack-user-directory.ts';

export interface SlackAppOptions {
  config: SlackConfig;
  logger: Logger;
  /** Default: the typed client on PF_SERVICE_URL with PF_SERVICE_API_KEY. */
  partnerForge?: PartnerForgeClient;
  /** Default: in memory (main.ts passes the Redis store when REDIS_URL is set). */
  activity?: AccountActivityStore;
  /** Extra fields for `/health` (e.g. whether the alert worker runs). */
  healthDetails?: () => Record<string, unknown>;
  /** Between two polls of a running enrichment, ms (default 1 000). */
  pollIntervalMs?: number;
}

export interface SlackApp {
  bolt: App;
  /** Listens (HTTP mode) or connects (Socket Mode); resolves with the bound HTTP port. */
  start(): Promise<{ port: number }>;
  stop(): Promise<void>;
}

/** The Bolt app with every listener registered; starting and stopping it is the caller's job. */
export function createSlackApp(options: SlackAppOptions): SlackApp {
  const { config } = options;
  const logger = options.logger.child({ component: 'slack' });
  if (!config.SLACK_BOT_TOKEN) throw new Error('SLACK_BOT_TOKEN is required to build the Slack app');

  const partnerForge =
    options.partnerForge ??
    createPartnerForgeClient({
      baseUrl: config.PF_SERVICE_URL,
      apiKey: config.PF_SERVICE_API_KEY ?? '',
      // undici's own fetch: the same client as the global one, without any test interception.
      fetch: undiciFetch as unknown as typeof fetch,
    });
  const ctx: ListenerContext = {
    partnerForge,
    users: createSlackUserDirectory({ partnerForge }),
    lookup: createAccountLookup({ partnerForge, maxWaitMs: config.PF_ENRICHMENT_WAIT_MS, pollIntervalMs: options.pollIntervalMs }),
    activity: options.activity ?? createMemoryActivityStore(),
    links: createCardLinks({ publicUrl: config.PF_PUBLIC_URL ?? config.PF_SERVICE_URL, salesforceInstanceUrl: config.SALESFORCE_INSTANCE_URL }),
    progressIntervalMs: config.SLACK_PROGRESS_INTERVAL_MS,
    logger,
  };

  const health: CustomRoute = {
    path: '/health',
    method: ['GET'],
    handler: (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'ok', slack: config.mode, ...options.healthDetails?.() }));
    },
  };
  const knowsItsBot = Boolean(config.SLACK_BOT_ID && config.SLACK_BOT_USER_ID);
  const common = {
    token: config.SLACK_BOT_TOKEN,
    // Without the bot's ids Bolt would call auth.test; init() does it once, before listening.
    ...(knowsItsBot ? { botId: config.SLACK_BOT_ID, botUserId: config.SLACK_BOT_USER_ID } : { deferInitialization: true }),
    logger: toBoltLogger(logger),
    clientOptions: {
      slackApiUrl: `${config.SLACK_API_URL}/`,
      // Interactive calls (users.info, views.publish) must not sit in a 30-minute retry policy.
      retryConfig: { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 2_000 },
    },
    customRoutes: [health],
  };
  const bolt =
    config.mode === 'socket'
      ? new App({ ...common, socketMode: true, appToken: config.SLACK_APP_TOKEN, installerOptions: { port: config.SLACK_PORT } })
      : new App({
          ...common,
          // Bolt verifies each request's signature and refuses timestamps older than 5 minutes.
          signingSecret: config.SLACK_SIGNING_SECRET,
          // Ack first, work after: the HTTP response leaves when ack() is called.
          processBeforeResponse: false,
        });
  registerListeners(bolt, ctx);
  bolt.error(async (error) => {
    logger.error({ err: error }, 'unhandled error in a listener');
  });

  let started = false;
  let server: { address(): AddressInfo | string | null; closeIdleConnections?: () => void } | undefined;
  return {
    bolt,
    async start() {
      if (!knowsItsBot) await bolt.init();
      if (config.mode === 'socket') {
        await bolt.start();
        started = true;
        logger.info({ mode: 'socket', port: config.SLACK_PORT }, 'slack app connected');
        return { port: config.SLACK_PORT };
      }
      server = (await bolt.start({ port: config.SLACK_PORT, host: config.SLACK_HOST })) as NonNullable<typeof server>;
      started = true;
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : config.SLACK_PORT;
      logger.info({ mode: 'http', port }, 'slack app listening');
      return { port };
    },
    async stop() {
      if (!started) return;
      started = false;
      // Idle keep-alive sockets would hold the HTTP server open until they time out.
      server?.closeIdleConnections?.();
      await bolt.stop();
    },
  };
}
