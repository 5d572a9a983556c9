/**
 * `pnpm bench:salesforce [--accounts 10000]`: the Salesforce connector against a local stand-in
 * org that counts calls. Runs `pf sf pull` and `pf sf push` as an operator would (a process each,
 * PostgreSQL scratch database) and prints query calls of the pull (goal ≤ ceil(N/2000)+1), write
 * calls of the push (goal ≤ ceil(changed/200)) and wall times.
 */
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { createCleanupStack } from './lib/cleanup.ts';
import { createScratchStores } from './lib/scratch-stores.ts';
import { runPfCommand } from './lib/spawn-service.ts';
import { type StandInAccount, startSalesforceStandIn } from './stand-ins/salesforce-stand-in.ts';

const { values } = parseArgs({ options: { accounts: { type: 'string', default: '10000' } } });
const N = Number(values.accounts);
if (!Number.isInteger(N) || N < 1) throw new Error('--accounts expects a positive whole number');

const out = (line: string) => process.stdout.write(`${line}\n`);
const cleanup = createCleanupStack(out);
process.once('SIGINT', () => void cleanup.run().then(() => process.exit(130)));

interface PullSummary { read: number; created: number; updated: number; unchanged: number; withoutWebsite: unknown[]; apiCalls: number }
interface PushSummary { examined: number; written: number; unchanged: number; failed: number; apiCalls: number }

function orgAccounts(): StandInAccount[] {
  const start = Date.parse('2026-11-01T00:00:00Z');
  return Array.from({ length: N }, (_, i) => ({
    Id: `001BE${String(i).padStart(13, '0')}`,
    Name: `Bench Company ${i}`,
    // Every 50th Account has no website: the pull must report, not store, them.
    Website: i % 50 === 49 ? null : `https://www.bench-${i}.com/`,
    OwnerId: `005BE${String(i % 40).padStart(13, '0')}`,
    BillingCountry: i % 3 === 0 ? 'Germany' : 'United States',
    // Several Accounts per second, as after a data load.
    modstamp: start + Math.floor(i / 4) * 1000,
    fields: {},
  }));
}

async function main(): Promise<void> {
  const org = await startSalesforceStandIn(orgAccounts());
  cleanup.defer('salesforce stand-in', () => org.close());
  const stores = await createScratchStores();
  cleanup.defer('scratch database', () => stores.drop());
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    DATABASE_URL: stores.databaseUrl,
    LOG_LEVEL: 'warn',
    SALESFORCE_ACCESS_TOKEN: 'bench-token',
    SALESFORCE_INSTANCE_URL: org.url,
    PF_PUBLIC_URL: 'https://pf.bench.test',
    PF_BRIEF_SIGNING_KEY: 'bench-signing-key-0123456789abcdef0123456789',
  };
  const pf = async <T>(args: string[]): Promise<{ result: T; seconds: number; queries: number; writes: number; sizes: number[] }> => {
    org.resetCounts();
    org.setNow(Date.now());
    const started = performance.now();
    const stdout = await runPfCommand(['sf', ...args, '--json'], env);
    const seconds = (performance.now() - started) / 1000;
    return { result: JSON.parse(stdout) as T, seconds, queries: org.counts.query, writes: org.counts.collections, sizes: [...org.collectionSizes] };
  };
  const rows: Array<[string, string, string, string]> = [];
  const row = (figure: string, goal: string, value: string, seconds: number) => rows.push([figure, goal, value, `${seconds.toFixed(1)} s`]);

  out(`Salesforce connector bench: ${N.toLocaleString('en-US')} Accounts, stand-in org at ${org.url}, PostgreSQL scratch database`);
  const full = await pf<{ pull: PullSummary }>(['pull']);
  const pullGoal = Math.ceil(N / 2000) + 1;
  row(`full pull: query calls (${full.result.pull.read} read, ${full.result.pull.created} stored, ${full.result.pull.withoutWebsite.length} without website)`, `≤ ${pullGoal}`, String(full.queries), full.seconds);

  // Stand-in for enrichment: every account gets a score, a tier and an enrichment time.
  await sql`update accounts set score = (abs(hashtext(domain)) % 101), last_enriched_at = now(),
    tier = case when abs(hashtext(domain)) % 101 >= 80 then 'hot' when abs(hashtext(domain)) % 101 >= 60 then 'warm' when abs(hashtext(domain)) % 101 >= 40 then 'cool' else 'cold' end`.execute(stores.db);
  const first = await pf<{ push: PushSummary }>(['push']);
  const changed = first.result.push.written + first.result.push.failed;
  row(`first push: collection calls (${changed} changed, ${Math.max(...first.sizes)} records per call at most)`, `≤ ${Math.ceil(changed / 200)}`, String(first.writes), first.seconds);

  await sql`update accounts set score = (score + 1) % 101 where id in (select id from accounts order by domain limit 450)`.execute(stores.db);
  const some = await pf<{ push: PushSummary }>(['push']);
  row(`push after 450 scores changed: collection calls (${some.result.push.written} written, ${some.result.push.unchanged} unchanged)`, '≤ 3', String(some.writes), some.seconds);

  const none = await pf<{ push: PushSummary }>(['push']);
  row(`push with nothing changed: collection calls (${none.result.push.unchanged} unchanged)`, '0', String(none.writes), none.seconds);

  const echo = await pf<{ pull: PullSummary }>(['pull']);
  row(`incremental pull after the pushes: query calls (${echo.result.pull.read} read back, ${echo.result.pull.unchanged} unchanged, ${echo.result.pull.updated} updated)`, `≤ ${Math.ceil(echo.result.pull.read / 2000) + 1}`, String(echo.queries), echo.seconds);

  const quiet = await pf<{ pull: PullSummary }>(['pull']);
  row(`incremental pull, nothing new: query calls (${quiet.result.pull.read} re-read at the cursor's second)`, '1', String(quiet.queries), quiet.seconds);

  const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => r[c]?.length ?? 0), ['figure', 'goal', 'measured', 'wall time'][c]?.length ?? 0));
  const line = (cells: string[]) => `| ${cells.map((cell, c) => cell.padEnd(widths[c] as number)).join(' | ')} |`;
  out(line(['figure', 'goal', 'measured', 'wall time']));
  out(line(widths.map((w) => '-'.repeat(w))));
  for (const r of rows) out(line(r));
  out('Wall time is the whole `pf sf …` process (tsx start, migrations check, the run, shutdown).');
  out(JSON.stringify({ bench: 'salesforce', accounts: N, fullPull: { queries: full.queries, goal: pullGoal, seconds: full.seconds }, firstPush: { writes: first.writes, changed, goal: Math.ceil(changed / 200), seconds: first.seconds }, push450: { writes: some.writes }, pushUnchanged: { writes: none.writes }, echoPull: { queries: echo.queries, read: echo.result.pull.read }, quietPull: { queries: quiet.queries } }));
}

main()
  .then(() => cleanup.run())
  .catch(async (error: unknown) => {
    out(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
    await cleanup.run();
    process.exitCode = 1;
  });
