import type { Pool, PoolClient, QueryConfig } from 'pg';

/**
 * Data statements (select, insert, update, delete, with) as named prepared statements: on each
 * connection PostgreSQL parses a statement once and may reuse its plan, instead of parsing and
 * planning every execution (an unnamed statement's parse and bind were two thirds of the
 * server's time for the worker's small inserts and updates). Kysely sends the same text for
 * the same query with its values as parameters, so a service has a few hundred distinct texts
 * (multi-row inserts, one text per row count, stay unnamed); past {@link MAX_NAMED_STATEMENTS}
 * new texts run unnamed. A prepared plan that a schema change
 * made stale ("cached plan must not change result type", after a migration ran by another
 * process) is run again unnamed, and its text is never named again in this process (inside a
 * transaction the error has already aborted it, so the retry fails too and the caller sees it).
 */
export const MAX_NAMED_STATEMENTS = 2_000;

const DATA_STATEMENT = /^\s*(select|insert|update|delete|with)\b/i;
/**
 * `on conflict (…) where status in ($1, $2)` infers its arbiter index from the values: a
 * prepared statement is analysed without them and finds none (an error, not a slower plan).
 */
const NEEDS_VALUES_TO_ANALYSE = /\bon conflict\b/i;
/** A multi-row `values (…), (…)` has one text per row count: mostly one-offs, not worth a name each. */
const MANY_ROWS = /\)\s*,\s*\(\$/;
const STALE_PLAN = '0A000';

const names = new Map<string, string>();
/**
 * Texts that run unnamed, remembered (up to {@link MAX_NAMED_STATEMENTS}) so the tests above run
 * once per text: scanning a long multi-row insert for them on every execution was ~2 % of a busy
 * worker's time.
 */
const unnamed = new Set<string>();
let named = 0;

function nameFor(text: string): string | undefined {
  const name = names.get(text);
  if (name !== undefined) return name;
  if (unnamed.has(text) || named >= MAX_NAMED_STATEMENTS) return undefined;
  if (!DATA_STATEMENT.test(text) || NEEDS_VALUES_TO_ANALYSE.test(text) || MANY_ROWS.test(text)) {
    if (unnamed.size < MAX_NAMED_STATEMENTS) unnamed.add(text);
    return undefined;
  }
  named += 1;
  names.set(text, `pf_${named}`);
  return `pf_${named}`;
}

function isStalePlan(error: unknown): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  return code === STALE_PLAN && typeof message === 'string' && message.includes('cached plan');
}

const PATCHED = Symbol('partnerforge prepared statements');

type Query = (config: string | QueryConfig, values?: unknown[]) => Promise<unknown>;

/** Makes every client the pool connects run data statements as named prepared statements. */
export function usePreparedStatements(pool: Pool): void {
  pool.on('connect', (client: PoolClient & { [PATCHED]?: true }) => {
    if (client[PATCHED]) return;
    client[PATCHED] = true;
    const query = client.query.bind(client) as Query;
    // Kysely calls query(text, values); cursors and config objects pass through untouched.
    (client as unknown as { query: Query }).query = async (config, values) => {
      const name = typeof config === 'string' && Array.isArray(values) ? nameFor(config) : undefined;
      if (name === undefined) return query(config, values);
      try {
        return await query({ name, text: config as string, values });
      } catch (error) {
        if (!isStalePlan(error)) throw error;
        names.delete(config as string);
        unnamed.add(config as string);
        return query(config, values);
      }
    };
  });
}
