import { Connection, type HttpRequest, type HttpResponse } from 'jsforce';
import type { Logger } from '../logging/logger.ts';
import type { Metrics } from '../metrics/metrics.ts';
import type { ApiBudget } from './api-budget.ts';
import type { SessionProvider } from './salesforce-auth.ts';
import { SalesforceError, salesforceErrorCode } from './salesforce-error.ts';

export interface SalesforceRequest {
  method: 'GET' | 'POST' | 'PATCH';
  /** A path under /services/data/vXX.X (`/query?q=…`) or from the root (`/services/data/v62.0/query/01g…`). */
  url: string;
  /** Sent as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface SalesforceCallOptions {
  /** An urgent call (a stage-triggered push) goes out while non-urgent sync is paused by the share. */
  urgent?: boolean;
  /** Label of the `pf_salesforce_calls_total` metric. */
  operation: string;
}

export interface SalesforceResponse<T> {
  body: T;
  /** Lower-case header names. */
  headers: Record<string, string>;
}

/** The one way PartnerForge talks to Salesforce's REST API. */
export interface SalesforceClient {
  readonly apiVersion: string;
  request<T>(request: SalesforceRequest, options: SalesforceCallOptions): Promise<SalesforceResponse<T>>;
  /** REST calls made so far (token requests excluded), for run summaries. */
  calls(): number;
  readonly budget: ApiBudget;
}

export interface SalesforceClientOptions {
  apiVersion: string;
  session: SessionProvider;
  budget: ApiBudget;
  metrics?: Metrics;
  logger?: Logger;
  /**
   * jsforce's retry of idempotent requests (GET) on 420/429/5xx and network errors: retries
   * and first delay in ms (doubling). Default 3 retries from 500 ms; PATCH and POST are never retried.
   */
  retry?: { maxRetries?: number; minTimeout?: number };
  /** Time limit of one HTTP call, ms (default 120 000). */
  timeoutMs?: number;
}

/**
 * A jsforce Connection with our own session handling: the session is opened at the first call,
 * and a call refused with INVALID_SESSION_ID gets a new session once and is sent again — a
 * second refusal is an error, never a loop. Every response's Sforce-Limit-Info feeds the API
 * budget, which may refuse a call before it goes out.
 */
export function createSalesforceClient(options: SalesforceClientOptions): SalesforceClient {
  const { budget, metrics } = options;
  const log = options.logger?.child({ component: 'salesforce' });
  let connection: Connection | undefined;
  let opening: Promise<Connection> | undefined;
  let calls = 0;

  async function open(renew: boolean): Promise<Connection> {
    if (connection && !renew) return connection;
    // Concurrent callers share one login.
    opening ??= (async () => {
      const session = await options.session();
      if (connection) {
        connection.accessToken = session.accessToken;
        connection.instanceUrl = session.instanceUrl;
      } else {
        // No oauth2 client and no refreshFn: jsforce must not refresh (and loop) on its own.
        connection = new Connection({ version: options.apiVersion, instanceUrl: session.instanceUrl, accessToken: session.accessToken });
      }
      log?.debug({ instanceUrl: session.instanceUrl, renewed: renew }, 'salesforce session opened');
      return connection;
    })().finally(() => {
      opening = undefined;
    });
    return opening;
  }

  async function send<T>(conn: Connection, request: SalesforceRequest, operation: string): Promise<SalesforceResponse<T>> {
    // oxlint-disable-next-line eslint/no-underscore-dangle -- jsforce's transport, wrapped only to read the headers of our own calls
    const base = conn._transport;
    let response: HttpResponse | undefined;
    // A transport that remembers the response, so its headers (limits, Bulk locator) are seen.
    const transport = {
      httpRequest(req: HttpRequest, httpOptions: object) {
        const pending = base.httpRequest(req, httpOptions);
        pending.then(
          (res) => {
            response = res;
          },
          () => undefined,
        );
        return pending;
      },
    };
    const idempotent = request.method === 'GET';
    calls += 1;
    metrics?.salesforceCalls.inc({ operation });
    try {
      const body = await conn.request<T>(
        {
          method: request.method,
          url: request.url,
          headers: { ...(request.body === undefined ? {} : { 'content-type': 'application/json' }), ...request.headers },
          body: request.body === undefined ? undefined : JSON.stringify(request.body),
        },
        {
          transport,
          timeout: options.timeoutMs ?? 120_000,
          retry: idempotent ? { maxRetries: options.retry?.maxRetries ?? 3, minTimeout: options.retry?.minTimeout ?? 500 } : { maxRetries: 0 },
        },
      );
      return { body, headers: response?.headers ?? {} };
    } catch (error) {
      throw toSalesforceError(error, response?.statusCode);
    } finally {
      budget.observe(response?.headers['sforce-limit-info']);
    }
  }

  return {
    apiVersion: options.apiVersion,
    budget,
    calls: () => calls,
    async request<T>(request: SalesforceRequest, callOptions: SalesforceCallOptions): Promise<SalesforceResponse<T>> {
      budget.check(callOptions.urgent ?? false);
      const conn = await open(false);
      try {
        return await send<T>(conn, request, callOptions.operation);
      } catch (error) {
        if ((error as SalesforceError).code === 'REQUEST_LIMIT_EXCEEDED') budget.exceeded();
        if ((error as SalesforceError).code !== 'INVALID_SESSION_ID') throw error;
        log?.info('salesforce session expired; opening a new one and sending the call again');
        const renewed = await open(true);
        try {
          return await send<T>(renewed, request, callOptions.operation);
        } catch (retryError) {
          if ((retryError as SalesforceError).code === 'INVALID_SESSION_ID') {
            throw new SalesforceError('session_expired', 'Salesforce refused a freshly opened session (INVALID_SESSION_ID)', 401, { cause: retryError });
          }
          throw retryError;
        }
      }
    },
  };
}

function toSalesforceError(error: unknown, status: number | undefined): SalesforceError {
  const code = salesforceErrorCode(error) ?? (status ? `HTTP_${status}` : 'network_error');
  return new SalesforceError(code, (error as Error).message ?? String(error), status, { cause: error });
}
