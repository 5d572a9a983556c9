import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import { createMemoryActivityStore } from './activity/account-activity.ts';
import { createRedisActivityStore } from './activity/redis-activity-store.ts';
import { type AlertWorker, createAlertSlackClient, createAlertWorker } from './alerts/alert-worker.ts';
import { createSlackApp } from './app.ts';
import { type SlackConfig, loadSlackConfig } from './config.ts';
import { type Logger, createLogger } from './logger.ts';

// The Slack app process: the Bolt app (HTTP or Socket Mode) with /health, and, when Redis is
// configured, the alert delivery worker. Without a bot token it only answers /health, so the
// compose stack and probes treat it as a service either way.

/** Starts what the configuration enables; resolves with a function that stops it all. */
export async function startSlackProcess(config: SlackConfig, logger: Logger): Promise<{ port: number; stop(): Promise<void> }> {
  if (!config.enabled || !config.SLACK_BOT_TOKEN) {
    logger.warn('SLACK_BOT_TOKEN not set: Slack is off');
    const server = createServer((req, res) => {
      const ok = req.url === '/health';
      res.writeHead(ok ? 200 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify(ok ? { status: 'ok', slack: 'off' } : { error: { code: 'not_found', message: 'Not found' } }));
    });
    await new Promise<void>((resolve) => server.listen(config.SLACK_PORT, config.SLACK_HOST, resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.SLACK_PORT;
    logger.info({ port }, 'slack app listening (health only)');
    return { port, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  }

  // BullMQ waits for Redis as long as it takes; the lookups' activity reads must not, so they
  // get their own connection whose commands give up after a second.
  const redis = config.REDIS_URL ? new Redis(config.REDIS_URL, { maxRetriesPerRequest: null }) : undefined;
  const activityRedis = config.REDIS_URL ? new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1, commandTimeout: 1_000 }) : undefined;
  for (const connection of [redis, activityRedis]) connection?.on('error', (error) => logger.error({ err: error }, 'redis error'));
  if (!redis) logger.warn('REDIS_URL not set: alert delivery is off and App Home remembers only this process\'s lookups');
  const activity = activityRedis ? createRedisActivityStore({ redis: activityRedis, prefix: config.PF_REDIS_PREFIX }) : createMemoryActivityStore();

  // The app serves /pf first; the alert worker starts beside it, so a Redis outage at start
  // delays alerts without taking lookups down.
  let alertsState: 'off' | 'starting' | 'on' | 'failed' = 'off';
  const alerts: AlertWorker | undefined = redis
    ? createAlertWorker({
        connection: redis,
        prefix: config.PF_REDIS_PREFIX,
        slack: createAlertSlackClient({ token: config.SLACK_BOT_TOKEN, slackApiUrl: config.SLACK_API_URL, logger }),
        activity,
        logger,
        concurrency: config.PF_ALERT_CONCURRENCY,
        channelIntervalMs: config.PF_ALERT_CHANNEL_INTERVAL_MS,
        dedupeTtlSeconds: config.PF_ALERT_DEDUPE_DAYS * 86_400,
        digest: { hour: config.PF_ALERT_DIGEST_HOUR, timeZone: config.PF_ALERT_DIGEST_TZ },
      })
    : undefined;

  const slack = createSlackApp({ config, logger, activity, healthDetails: () => ({ alerts: alertsState }) });
  const { port } = await slack.start();
  if (alerts) {
    alertsState = 'starting';
    alerts.start().then(
      () => (alertsState = 'on'),
      (error: unknown) => {
        alertsState = 'failed';
        logger.error({ err: error }, 'alert worker did not start');
      },
    );
  }
  return {
    port,
    async stop() {
      await slack.stop();
      await alerts?.close();
      await Promise.all([redis?.quit(), activityRedis?.quit()]);
    },
  };
}

async function main(): Promise<void> {
  let config: SlackConfig;
  try {
    config = loadSlackConfig();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
  const logger = createLogger({ level: config.LOG_LEVEL });
  const running = await startSlackProcess(config, logger);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'unclean shutdown');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

// Run only as the entry point, so tests can import startSlackProcess.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
