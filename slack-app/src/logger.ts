import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import { type DestinationStream, type Logger, pino } from 'pino';

export type { Logger };

/** Keys whose values never reach a log line, wherever they are nested. */
const SECRET_PATHS = ['token', 'botToken', 'appToken', 'signingSecret', 'apiKey', 'authorization', 'headers.authorization', 'password', 'secret'];

export interface LoggerOptions {
  level: string;
  /** Default stdout; tests pass a memory stream. */
  destination?: DestinationStream;
}

/** The app's one pino logger; components take a child (`logger.child({ component })`). */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { service: 'partnerforge-slack' },
      redact: { paths: [...SECRET_PATHS, ...SECRET_PATHS.map((p) => `*.${p}`)], censor: '[redacted]' },
    },
    options.destination,
  );
}

const TO_BOLT: Record<string, LogLevel> = { trace: LogLevel.DEBUG, debug: LogLevel.DEBUG, info: LogLevel.INFO, warn: LogLevel.WARN, error: LogLevel.ERROR, fatal: LogLevel.ERROR };

/** Bolt's logger interface over pino, so Bolt's own lines share our format and level. */
export function toBoltLogger(logger: Logger): BoltLogger {
  const log = (level: 'debug' | 'info' | 'warn' | 'error') => (...msgs: unknown[]) => {
    const [first, ...rest] = msgs;
    if (first instanceof Error) logger[level]({ err: first }, rest.map(String).join(' ') || first.message);
    else logger[level](msgs.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join(' '));
  };
  return {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    // Our level is set once from LOG_LEVEL; Bolt may not change it.
    setLevel: () => undefined,
    getLevel: () => TO_BOLT[logger.level] ?? LogLevel.INFO,
    setName: () => undefined,
  };
}
