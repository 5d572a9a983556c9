import { EventEmitter } from 'node:events';

/** Events one part of the service raises for others (alerts, metrics) without importing them. */
export interface DomainEvents {
  /** A team's spend crossed its alert threshold (default 80%) of a budget this period. */
  'budget.threshold': { teamId: string | null; provider: string | null; limitUsd: number; spentUsd: number; threshold: number };
  /** A paid call was refused because it would exceed a hard-capped budget. */
  'budget.exceeded': { teamId: string | null; provider: string; limitUsd: number; spentUsd: number; costUsd: number };
  /**
   * Non-urgent Salesforce sync paused: usage crossed the configured share of the org's daily API
   * allocation, or Salesforce answered REQUEST_LIMIT_EXCEEDED. Raised once per crossing.
   */
  'salesforce.api_limit': { reason: 'threshold' | 'request_limit_exceeded'; used: number | null; limit: number | null; threshold: number; pausedUntil: string };
  /** A module result was stored as a new snapshot: the domain's intel changed (caches drop it). */
  /** Once per wave of an enrichment job that stored any snapshot: the modules whose new versions it stored. */
  'snapshots.stored': { domain: string; modules: string[] };
  /** An enrichment job finished (completed, partial or failed). */
  /** `trigger`: what started it; `changeEvents`: how many change events its snapshots recorded. */
  'enrichment.finished': { jobId: string; domain: string; status: 'completed' | 'partial' | 'failed'; trigger?: string; changeEvents?: number };
}

export type DomainEventName = keyof DomainEvents;

export interface EventBus {
  emit<E extends DomainEventName>(name: E, payload: DomainEvents[E]): void;
  on<E extends DomainEventName>(name: E, listener: (payload: DomainEvents[E]) => void): () => void;
}

/** An in-process bus; a listener that throws is logged by the caller's wiring, never the emitter. */
export function createEventBus(): EventBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(50);
  return {
    emit(name, payload) {
      emitter.emit(name, payload);
    },
    on(name, listener) {
      emitter.on(name, listener);
      return () => emitter.off(name, listener);
    },
  };
}
