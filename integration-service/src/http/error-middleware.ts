import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { ErrorBody } from '@partnerforge/shared/schemas';
import { AppError, isAppError } from '../errors/app-error.ts';

/** Unknown routes answer the same error shape as everything else. */
export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(AppError.notFound(`No route for ${req.method} ${req.path}`));
};

interface BodyParserError {
  type: string;
  status: number;
  limit?: number;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  return typeof error === 'object' && error !== null && typeof (error as BodyParserError).type === 'string' &&
    typeof (error as BodyParserError).status === 'number';
}

/** Maps body-parser's own errors (bad JSON, too large, bad charset) onto our codes. */
function fromBodyParser(error: BodyParserError): AppError {
  switch (error.type) {
    case 'entity.parse.failed':
      return new AppError('invalid_json', 400, 'The request body is not valid JSON');
    case 'entity.too.large':
      return new AppError('payload_too_large', 413, 'The request body is too large', { limitBytes: error.limit });
    default:
      return new AppError('bad_request', error.status >= 400 && error.status < 500 ? error.status : 400, 'The request body could not be read', { reason: error.type });
  }
}

/**
 * The one error middleware: AppErrors answer with their status and code; anything unexpected is
 * logged with its stack and answered as a bare 500, so no internals leak to callers.
 */
export const errorMiddleware: ErrorRequestHandler = (error: unknown, req, res, next) => {
  if (res.headersSent) {
    next(error);
    return;
  }
  let appError: AppError;
  if (isAppError(error)) appError = error;
  else if (isBodyParserError(error)) appError = fromBodyParser(error);
  else {
    req.log.error({ err: error }, 'unhandled error');
    appError = new AppError('internal', 500, 'Something went wrong on our side; the request id helps us find it', {
      requestId: req.id,
    });
  }
  if (appError.status >= 500 && appError.code !== 'internal') req.log.error({ err: appError }, 'request failed');
  const body: ErrorBody = { error: { code: appError.code, message: appError.message } };
  if (appError.details !== undefined) body.error.details = appError.details;
  if (appError.status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="partnerforge"');
  res.status(appError.status).json(body);
};
