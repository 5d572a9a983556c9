import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from '../logging/logger.ts';
import type { Metrics } from '../metrics/metrics.ts';
import { loggableUrl } from './loggable-url.ts';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Correlates the logs of one request; echoed as `X-Request-Id`. */
      id: string;
      /** This request's logger: every line carries the request id and the fields bound with {@link bindRequestLog}. */
      readonly log: Logger;
    }
  }
}

const INCOMING_ID = /^[\w.-]{1,64}$/;
const LOG_STATE = Symbol('request log');

interface RequestLogState {
  base: Logger;
  bindings: Record<string, unknown>;
  /** Made on first use: most requests log one access line and nothing else. */
  child?: Logger;
}

type WithLogState = Request & { [LOG_STATE]: RequestLogState };

/**
 * `req.log` as a getter on the app's request prototype (defined once): a pino child costs more
 * than an ordinary request's whole handler, so it is only made when a handler logs.
 */
function installLogAccessor(prototype: object): void {
  if (Object.hasOwn(prototype, 'log')) return;
  Object.defineProperty(prototype, 'log', {
    configurable: true,
    get(this: WithLogState): Logger {
      const state = this[LOG_STATE];
      state.child ??= state.base.child(state.bindings);
      return state.child;
    },
  });
}

/** Adds fields (the user, the key, who is acted for) to this request's later log lines and its access line. */
export function bindRequestLog(req: Request, fields: Record<string, unknown>): void {
  const state = (req as WithLogState)[LOG_STATE];
  state.bindings = { ...state.bindings, ...fields };
  state.child = undefined;
}

/**
 * Gives each request an id (a caller's well-formed `X-Request-Id` is kept, so ids follow a
 * request from the Slack app or the extension), a logger, and one access-log line.
 */
export function requestContext(logger: Logger, metrics: Metrics): RequestHandler {
  // The access line's fields are fixed and none is secret (ids, method, a cleaned URL, status):
  // redaction would cost more than writing the line, on every request.
  const accessLog = logger.child({}, { redact: [] });
  return (req: Request, res: Response, next: NextFunction) => {
    installLogAccessor(Object.getPrototypeOf(req) as object);
    const incoming = req.get('x-request-id');
    req.id = incoming && INCOMING_ID.test(incoming) ? incoming : randomUUID();
    const state: RequestLogState = { base: logger, bindings: { requestId: req.id } };
    (req as WithLogState)[LOG_STATE] = state;
    res.setHeader('X-Request-Id', req.id);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      // The matched route keeps label cardinality bounded (no ids or domains in labels).
      const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
      metrics.httpRequestDuration.observe({ method: req.method, route, status: String(res.statusCode) }, seconds);
      // The same fields a child logger would carry, without making one.
      accessLog.info({ ...state.bindings, method: req.method, url: loggableUrl(req.originalUrl), status: res.statusCode, durationMs: Math.round(seconds * 1000) }, 'request completed');
    });
    next();
  };
}
