/**
 * Ack latency of `/pf`, and the time to the card of a cached domain: 500 signed slash commands
 * posted over HTTP to the running Bolt app
 * (HTTP mode, signature verification on), against an in-run baseline, a bare node:http server
 * answering the same requests. The work after each ack (users.info, the service lookups, the
 * card through response_url) really runs, against local doubles of Slack and the service, so it
 * competes with the acks for the app's event loop as it would in production; the time from
 * sending each command to its card reaching the response_url double is the time to the card
 * (the service double answers at once, as for fresh intel). The app, the
 * baseline, the doubles and the client each run in their own process, all on 127.0.0.1.
 *
 *   pnpm --filter @partnerforge/slack-app bench            (or: npx tsx bench/ack-latency.ts)
 *   options: --requests 500 --rate 50 --warmup 100
 *            --rate N: commands arrive at N per second whatever the answers (open loop, default);
 *            --rate 0 --concurrency N: N in flight, the next sent as soon as one is answered
 *            (closed loop: how fast can it go, latency included).
 */
import { fork } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Agent, request } from 'undici';
import { costcoIntel } from '../src/__fixtures__/intel.ts';
import { createSlackApp } from '../src/app.ts';
import { loadSlackConfig } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';

const { values: args } = parseArgs({
  options: {
    requests: { type: 'string', default: '500' },
    rate: { type: 'string', default: '50' },
    concurrency: { type: 'string', default: '4' },
    warmup: { type: 'string', default: '100' },
  },
});
const REQUESTS = Number(args.requests);
const RATE = Number(args.rate);
const CONCURRENCY = Number(args.concurrency);
const WARMUP = Number(args.warmup);
const GOAL_P99_MS = 100;
const GOAL_CARD_P95_MS = 300;
const SECRET = 'bench-signing-secret';

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => resolve(body));
  });
}

const json = (res: ServerResponse, status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

/** Slack's Web API and response_url, and the PartnerForge service, as fast local doubles. */
async function startDoubles() {
  /** response_url index → when its card arrived (epoch ms). */
  const cardArrivals = new Map<number, number>();
  const slack = await listen(async (req, res) => {
    await readBody(req);
    if (req.url?.startsWith('/api/users.info')) return json(res, 200, { ok: true, user: { id: 'U0BENCH', profile: { email: 'ae@acme.com' } } });
    if (req.url?.startsWith('/response/')) {
      cardArrivals.set(Number(req.url.split('/')[2]), Date.now());
      return res.writeHead(200).end('ok');
    }
    json(res, 200, { ok: true });
  });
  const intel = { ...costcoIntel, sources: costcoIntel.sources.map((s) => ({ ...s, fresh: true })) };
  const service = await listen((req, res) => {
    if (req.url?.startsWith('/v1/users/lookup')) return json(res, 200, { id: '7d6f0b4e-0000-4000-8000-000000000001', email: 'ae@acme.com', role: 'ae', team: null });
    if (req.url?.startsWith('/v1/intel/')) return json(res, 200, intel);
    json(res, 404, { error: { code: 'not_found', message: 'Not found' } });
  });
  return { slack, service, cardArrivals };
}

function signedCommand(n: number, responseUrlBase: string): { body: string; headers: Record<string, string> } {
  const body = new URLSearchParams({
    token: 'x',
    team_id: 'T0BENCH',
    team_domain: 'bench',
    channel_id: 'C0BENCH',
    channel_name: 'bench',
    user_id: 'U0BENCH',
    user_name: 'bench',
    command: '/pf',
    text: 'costco.com',
    api_app_id: 'A0BENCH',
    is_enterprise_install: 'false',
    response_url: `${responseUrlBase}/response/${n}`,
    trigger_id: `${n}.trigger`,
  }).toString();
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return { body, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature } };
}

/**
 * Posts `count` signed commands, numbering their response_urls from `offset`: at `RATE` per
 * second (open loop), or `CONCURRENCY` in flight when RATE is 0. Returns each round trip in ms,
 * and when each command was sent (epoch ms, by number).
 */
async function measure(url: string, count: number, responseUrlBase: string, dispatcher: Agent, offset = 0): Promise<{ latencies: number[]; sentAt: Map<number, number> }> {
  const latencies: number[] = [];
  const sentAt = new Map<number, number>();
  const post = async (n: number) => {
    const { body, headers } = signedCommand(n, responseUrlBase);
    sentAt.set(n, Date.now());
    const started = performance.now();
    const res = await request(url, { method: 'POST', headers, body, dispatcher });
    const text = await res.body.text();
    latencies.push(performance.now() - started);
    if (res.statusCode !== 200 || !text.includes('Looking up costco.com')) throw new Error(`unexpected answer ${res.statusCode}: ${text}`);
  };
  if (RATE > 0) {
    const start = performance.now();
    const inFlight: Array<Promise<void>> = [];
    for (let i = 0; i < count; i++) {
      const wait = start + (i * 1000) / RATE - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      inFlight.push(post(offset + i));
    }
    await Promise.all(inFlight);
    return { latencies, sentAt };
  }
  let next = 0;
  const lane = async () => {
    while (next < count) await post(offset + next++);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  return { latencies, sentAt };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

function summarize(name: string, latencies: number[]) {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { name, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted.at(-1) ?? Number.NaN };
}

type Role = 'doubles' | 'baseline' | 'app';
type Ready = { port: number; slackUrl?: string; serviceUrl?: string };

/** A child process of this script in `role`; resolves once it listens. */
async function spawnRole(role: Role, env: Record<string, string> = {}) {
  const child = fork(fileURLToPath(import.meta.url), [], { env: { ...process.env, ...env, BENCH_ROLE: role }, execArgv: ['--import', 'tsx'] });
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.once('message', (message) => resolve(message as Ready));
    child.once('exit', (code) => reject(new Error(`${role} exited with ${code}`)));
  });
  return {
    ...ready,
    /** Asks the doubles when each card reached its response_url. */
    cardArrivals: () =>
      new Promise<Map<number, number>>((resolve) => {
        child.once('message', (message) => resolve(new Map((message as { cards: Array<[number, number]> }).cards)));
        child.send('count');
      }),
    stop: () => new Promise<void>((resolve) => (child.once('exit', () => resolve()), child.kill('SIGTERM'))),
  };
}

/** What each child process does. */
function send(message: unknown): void {
  process.send?.(message);
}

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

const fmt = (ms: number) => `${ms.toFixed(2).padStart(8)} ms`;

async function runRole(role: Role): Promise<void> {
  if (role === 'doubles') {
    const doubles = await startDoubles();
    process.on('message', () => send({ cards: [...doubles.cardArrivals] }));
    send({ port: 0, slackUrl: doubles.slack.url, serviceUrl: doubles.service.url });
    return;
  }
  if (role === 'baseline') {
    // Answers what the app answers, with nothing in between: no parsing, no HMAC.
    const ack = { response_type: 'ephemeral', text: ':mag: Looking up costco.com…' };
    const baseline = await listen(async (req, res) => {
      await readBody(req);
      json(res, 200, ack);
    });
    send({ port: Number(new URL(baseline.url).port) });
    return;
  }
  const config = loadSlackConfig({
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_BOT_ID: 'B0BENCH',
    SLACK_BOT_USER_ID: 'U0BOT',
    SLACK_API_URL: `${process.env.BENCH_SLACK_URL}/api`,
    SLACK_PORT: '0',
    SLACK_HOST: '127.0.0.1',
    PF_SERVICE_URL: process.env.BENCH_SERVICE_URL,
    PF_SERVICE_API_KEY: 'pf_benchkey_x',
    LOG_LEVEL: 'info',
  });
  // Production logs at info; the lines go nowhere here, but are still formatted.
  const logger = createLogger({ level: config.LOG_LEVEL, destination: new Writable({ write: (_chunk, _enc, done) => done() }) });
  const app = createSlackApp({ config, logger });
  const { port } = await app.start();
  process.on('SIGTERM', () => void app.stop().then(() => process.exit(0)));
  send({ port });
}

async function main(): Promise<void> {
  const doubles = await spawnRole('doubles');
  const slackUrl = doubles.slackUrl ?? '';
  const baseline = await spawnRole('baseline');
  const app = await spawnRole('app', { BENCH_SLACK_URL: slackUrl, BENCH_SERVICE_URL: doubles.serviceUrl ?? '' });
  const baselineUrl = `http://127.0.0.1:${baseline.port}/slack/events`;
  const appUrl = `http://127.0.0.1:${app.port}/slack/events`;
  const dispatcher = new Agent({ keepAliveTimeout: 10_000 });

  try {
    await measure(baselineUrl, WARMUP, slackUrl, dispatcher);
    await measure(appUrl, WARMUP, slackUrl, dispatcher, 0);
    const rows = [summarize('bare node:http server (baseline)', (await measure(baselineUrl, REQUESTS, slackUrl, dispatcher)).latencies)];
    const measured = await measure(appUrl, REQUESTS, slackUrl, dispatcher, WARMUP);
    rows.push(summarize('PartnerForge Slack app (/pf ack)', measured.latencies));
    // Let the post-ack work finish: every command must have had its card.
    const expectedCards = WARMUP + REQUESTS;
    let arrivals = await doubles.cardArrivals();
    for (let i = 0; i < 100 && arrivals.size < expectedCards; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      arrivals = await doubles.cardArrivals();
    }
    const cards = arrivals.size;
    const toCard = [...measured.sentAt].flatMap(([n, sent]) => (arrivals.has(n) ? [(arrivals.get(n) ?? 0) - sent] : []));

    const load = RATE > 0 ? `arriving at ${RATE}/s` : `${CONCURRENCY} in flight`;
    print(`ack latency of ${REQUESTS} signed /pf slash commands ${load}, after ${WARMUP} warm-up requests each (Node ${process.version})`);
    print(`${'server'.padEnd(36)}${'p50'.padStart(11)}${'p99'.padStart(11)}${'max'.padStart(11)}`);
    for (const row of rows) print(`${row.name.padEnd(36)}${fmt(row.p50)}${fmt(row.p99)}${fmt(row.max)}`);
    const [base, slack] = rows as [ReturnType<typeof summarize>, ReturnType<typeof summarize>];
    print(`app over baseline: p50 +${(slack.p50 - base.p50).toFixed(2)} ms, p99 +${(slack.p99 - base.p99).toFixed(2)} ms`);
    const card = summarize('card via response_url', toCard);
    print(`time to card (cached intel, ms resolution): p50 ${card.p50.toFixed(0)} ms, p95 ${card.p95.toFixed(0)} ms, p99 ${card.p99.toFixed(0)} ms, max ${card.max.toFixed(0)} ms; cards posted ${cards} of ${expectedCards}`);
    print(`goal ack p99 <= ${GOAL_P99_MS} ms: ${slack.p99 <= GOAL_P99_MS ? 'met' : 'NOT met'}`);
    print(`goal card p95 <= ${GOAL_CARD_P95_MS} ms: ${card.p95 <= GOAL_CARD_P95_MS ? 'met' : 'NOT met'}`);
    if (slack.p99 > GOAL_P99_MS || card.p95 > GOAL_CARD_P95_MS || cards < expectedCards) process.exitCode = 1;
  } finally {
    await dispatcher.close();
    await Promise.all([app.stop(), baseline.stop(), doubles.stop()]);
  }
}

const role = process.env.BENCH_ROLE as Role | undefined;
(role ? runRole(role) : main()).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
