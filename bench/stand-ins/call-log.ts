/**
 * What one stand-in saw: calls per domain, their arrival times, and any request it did not
 * expect (wrong path, wrong key, a domain outside the run). The bench's figures come from here,
 * from the vendor's side of the wire, not from the service's own metrics.
 */
export interface CallLog {
  readonly name: string;
  record(domain: string): void;
  recordUnexpected(description: string): void;
  /** Calls per domain. */
  readonly callsByDomain: ReadonlyMap<string, number>;
  readonly totalCalls: number;
  /** Up to 20 descriptions of unexpected requests, and how many there were. */
  readonly unexpected: { readonly count: number; readonly samples: readonly string[] };
  /**
   * The most calls that arrived within any `windowMs` (sliding, not calendar seconds), and when
   * that window began, in seconds after the first call.
   */
  densestWindow(windowMs: number): { calls: number; startS: number };
  /** Everything above as plain data, to hand the log from a stand-in's thread to the bench's. */
  snapshot(): CallLogSnapshot;
}

/** A call log as structured-cloneable data (arrival times are relative: only their spacing counts). */
export interface CallLogSnapshot {
  name: string;
  callsByDomain: Array<[string, number]>;
  arrivals: number[];
  unexpectedCount: number;
  samples: string[];
}

/** A new, empty log; or, given a snapshot, that log again (e.g. on the thread that reports it). */
export function createCallLog(name: string, from?: CallLogSnapshot): CallLog {
  const callsByDomain = new Map<string, number>(from?.callsByDomain);
  // Arrival order is time order, so the array stays sorted.
  const arrivals: number[] = from ? [...from.arrivals] : [];
  const samples: string[] = from ? [...from.samples] : [];
  let unexpectedCount = from?.unexpectedCount ?? 0;
  return {
    name,
    record(domain) {
      arrivals.push(performance.now());
      callsByDomain.set(domain, (callsByDomain.get(domain) ?? 0) + 1);
    },
    recordUnexpected(description) {
      unexpectedCount += 1;
      if (samples.length < 20) samples.push(description);
    },
    callsByDomain,
    get totalCalls() {
      return arrivals.length;
    },
    get unexpected() {
      return { count: unexpectedCount, samples };
    },
    densestWindow(windowMs) {
      let best = { calls: 0, startS: 0 };
      let start = 0;
      for (let end = 0; end < arrivals.length; end++) {
        while ((arrivals[end] as number) - (arrivals[start] as number) >= windowMs) start++;
        if (end - start + 1 > best.calls) best = { calls: end - start + 1, startS: ((arrivals[start] as number) - (arrivals[0] as number)) / 1000 };
      }
      return best;
    },
    snapshot() {
      return { name, callsByDomain: [...callsByDomain], arrivals: [...arrivals], unexpectedCount, samples: [...samples] };
    },
  };
}
