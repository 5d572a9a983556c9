import type { Logger } from './logger.ts';

/**
 * `base.child(bindings)`, made on first use. With our redaction a pino child redacts and
 * serializes its bindings up front (~0.1 ms and ~20 KB of garbage): a worker made seven per
 * enrichment job, one per module and two per job, mostly for modules that never log.
 */
export function lazyChild(base: Logger, bindings: Record<string, unknown>): Logger {
  let child: Logger | undefined;
  let bound: Map<PropertyKey, unknown> | undefined;
  return new Proxy({} as Logger, {
    get(_target, property) {
      child ??= base.child(bindings);
      const value: unknown = Reflect.get(child, property, child);
      if (typeof value !== 'function') return value;
      // The same bound method each time, so `log.info === log.info` holds as it does for pino.
      bound ??= new Map();
      let method = bound.get(property);
      if (method === undefined) bound.set(property, (method = (value as (...args: unknown[]) => unknown).bind(child)));
      return method;
    },
  });
}
