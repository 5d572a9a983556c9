/**
 * Runs long synchronous tasks one per event-loop turn, in the order they came. Between two tasks
 * the loop runs its timers and reads its sockets, so a reply or a timer waits behind at most one
 * task, not behind every task that happened to become ready at the same time.
 *
 * Why: a worker fetches dozens of homepages at once, and each page is parsed and fingerprinted
 * synchronously (a few ms warm, 30–40 ms cold). Run as each fetch finished, a burst of pages held
 * the loop for hundreds of ms: rate-limit slots woke late and bunched, database replies waited, and
 * the run's first seconds used far fewer vendor slots than the limiter offered.
 */
export interface TurnQueue {
  /** Runs `task` in a turn of its own, after the tasks queued before it; resolves with its result. */
  run<T>(task: () => T): Promise<T>;
  /** Tasks waiting for their turn. */
  readonly pending: number;
}

export function createTurnQueue(): TurnQueue {
  const waiting: Array<() => void> = [];
  let scheduled = false;

  // An immediate queued from within the check phase runs in the next turn, after timers and I/O.
  const runNext = () => {
    waiting.shift()?.();
    scheduled = waiting.length > 0;
    if (scheduled) setImmediate(runNext);
  };

  return {
    run(task) {
      return new Promise((resolve, reject) => {
        waiting.push(() => {
          try {
            resolve(task());
          } catch (error) {
            reject(error);
          }
        });
        if (!scheduled) {
          scheduled = true;
          setImmediate(runNext);
        }
      });
    },
    get pending() {
      return waiting.length;
    },
  };
}
