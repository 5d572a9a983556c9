import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from '../logging/logger.ts';
import type { Metrics } from '../metrics/metrics.ts';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Correlates the logs of one request; echoed as `X-Request-Id`. */
      id: string;
      log: Logger;
    }
  }
}

const INCOMING_ID = /^[\w.-]{1,64}$/;

/**
 * Gives each request an id (a caller's well-formed `X-Request-Id` is kept, so ids follow a
 * request from the Slack app or the extension), a child logger, and one access-log line.
 */
export function requestContext(logger: Logger, metrics: Metrics): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const incoming = req.get('x-request-id');
    req.id = incoming && INCOMING_ID.test(incoming) ? incoming : randomUUID();
    req.log = logger.child({ requestId: req.id });
    res.setHeader('X-Request-Id', req.id);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      // The matched route keeps label cardinality bounded (no ids or domains in labels).
      const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
      metrics.httpRequestDuration.observe({ method: req.method, route, status: String(res.statusCode) }, seconds);
      req.log.info(
        { method: req.method, url: req.originalUrl, status: res.statusCode, durationMs: Math.round(seconds * 1000) },
        'request completed',
      );
    });
    next();
  };
}
