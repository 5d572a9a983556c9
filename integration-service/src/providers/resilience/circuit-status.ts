import type { CircuitStateName } from './provider-policy.ts';

/** Why a circuit last opened: the provider error's code and message, never a payload. */
export interface CircuitFailure {
  reason: string;
  code: string | null;
  /** ISO 8601. */
  at: string;
}

/** One breaker of this process as it stands. */
export interface CircuitSnapshot {
  provider: string;
  state: CircuitStateName;
  /** When the breaker entered `state` (ISO 8601); null while it has been closed since it was built. */
  since: string | null;
  lastFailure: CircuitFailure | null;
}

/**
 * The breakers of this process: the policies' telemetry records each transition here, the
 * health endpoint reads it in embedded mode and the circuit board publishes it to Redis.
 */
export interface CircuitStatus {
  /** Makes a provider known (closed) when its policy is built. */
  register(provider: string): void;
  /** A transition of `provider`'s breaker; `failure` is the reason it opened. */
  record(provider: string, state: CircuitStateName, failure?: Omit<CircuitFailure, 'at'>): void;
  snapshots(): CircuitSnapshot[];
  /** Called after every transition; returns the unsubscribe function. */
  onChange(listener: (snapshot: CircuitSnapshot) => void): () => void;
}

export function createCircuitStatus(now: () => Date = () => new Date()): CircuitStatus {
  const breakers = new Map<string, CircuitSnapshot>();
  const listeners = new Set<(snapshot: CircuitSnapshot) => void>();
  return {
    register(provider) {
      if (!breakers.has(provider)) breakers.set(provider, { provider, state: 'closed', since: null, lastFailure: null });
    },
    record(provider, state, failure) {
      const at = now().toISOString();
      const previous = breakers.get(provider);
      const snapshot: CircuitSnapshot = {
        provider,
        state,
        since: at,
        lastFailure: failure ? { ...failure, at } : (previous?.lastFailure ?? null),
      };
      breakers.set(provider, snapshot);
      for (const listener of listeners) listener(snapshot);
    },
    snapshots: () => [...breakers.values()],
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
