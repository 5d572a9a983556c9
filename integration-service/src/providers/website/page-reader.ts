import { Worker } from 'node:worker_threads';
import type { Logger } from '../../logging/logger.ts';
import { createTurnQueue } from '../../runtime/turn-queue.ts';
import type { PageInput } from './page-signals.ts';
import { type HomepageReading, readHomepage } from './read-homepage.ts';

/** What a reader is handed: a fetched page and when it was fetched. */
export interface PageToRead {
  page: PageInput;
  fetchedAt: Date;
}

/** Where fetched homepages are parsed and read (fingerprint and company context). */
export interface PageReader {
  read(homepage: PageToRead): Promise<HomepageReading>;
  close(): Promise<void>;
}

const turns = createTurnQueue();

/**
 * Reads on this thread, one page per event-loop turn (see `turn-queue.ts`), for the whole
 * process: every provider instance shares the one loop. The default, and what tests and the
 * embedded mode use.
 */
export const inlinePageReader: PageReader = {
  read: (homepage) => turns.run(() => readHomepage(homepage)),
  close: async () => undefined,
};

/** Set by the bundle's banner (`build.mjs`): the built service's own URL, beside which the thread's file is. */
declare const PF_BUNDLE_URL: string | undefined;

/**
 * The thread's V8 heap limits, MB. Old generation: the rules (~25 MB live) and one page's DOM at
 * a time (~60 MB for a 3 MB page); a tight limit makes V8 collect early instead of growing the
 * heap 2–3× past what is live. A small young generation: a page's garbage is short-lived. Past
 * the limit the thread dies, and pages are read inline again.
 */
const THREAD_HEAP_LIMITS = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 8 };

function startThread(): Worker {
  const resourceLimits = THREAD_HEAP_LIMITS;
  if (typeof PF_BUNDLE_URL === 'string') return new Worker(new URL('./page-reader-thread.js', PF_BUNDLE_URL), { resourceLimits });
  // From the sources (tests, `pnpm pf`): a thread started on a `.ts` file fails before tsx's
  // loader applies on Node 20, so the thread registers tsx itself, then imports its module.
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./page-reader-thread.ts', import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(bootstrap, { eval: true, resourceLimits });
}

/** What the thread posts: once `{ ready }`, then one answer per page. */
export type PageReaderAnswer = { ready: true } | { id: number; reading: HomepageReading } | { id: number; error: unknown };

interface Waiter {
  resolve(reading: HomepageReading): void;
  reject(error: unknown): void;
}

/**
 * Starts a thread that loads the fingerprint rules, compiles the readers on a sample page and
 * then reads every page sent to it; resolves once it is ready. Parsing and fingerprinting were
 * a quarter of a busy worker's event loop (plus the garbage of every DOM): on a thread of their
 * own they run beside the jobs, and the loop that sends rate-limited calls stays responsive.
 * A page crosses as its text (a structured clone, ~µs for 40 KB), the readings come back (a few
 * KB). Should the thread die, the reader logs it and reads inline from then on.
 */
export async function startPageReaderThread(logger?: Logger): Promise<PageReader> {
  const thread = startThread();
  const waiters = new Map<number, Waiter>();
  let nextId = 0;
  let failure: unknown;
  let closing = false;
  let ready: (() => void) | undefined;
  let failed: ((error: unknown) => void) | undefined;

  const fail = (error: unknown) => {
    if (failure !== undefined) return;
    failure = error;
    failed?.(error);
    for (const waiter of waiters.values()) waiter.reject(error);
    waiters.clear();
    if (!closing) logger?.error({ err: error }, 'the page reader thread stopped: pages are read on the main thread from now on');
  };
  thread.on('message', (answer: PageReaderAnswer) => {
    if ('ready' in answer) return ready?.();
    const waiter = waiters.get(answer.id);
    waiters.delete(answer.id);
    if ('reading' in answer) waiter?.resolve(answer.reading);
    else waiter?.reject(answer.error);
  });
  thread.on('error', fail);
  thread.on('exit', (code) => fail(new Error(`the page reader thread exited with code ${code}`)));

  await new Promise<void>((resolve, reject) => {
    ready = resolve;
    failed = reject;
  });
  // Jobs keep the process alive, not an idle reader (a CLI run must be able to end).
  thread.unref();

  return {
    read(homepage) {
      if (failure !== undefined) return inlinePageReader.read(homepage);
      return new Promise((resolve, reject) => {
        const id = nextId++;
        waiters.set(id, { resolve, reject });
        // Only the page's text, headers and URL: what the readers use.
        const { url, headers, body } = homepage.page;
        // oxlint-disable-next-line unicorn/require-post-message-target-origin -- a worker thread, not a window
        thread.postMessage({ id, homepage: { page: { url, headers, body }, fetchedAt: homepage.fetchedAt } });
      });
    },
    async close() {
      closing = true;
      await thread.terminate();
    },
  };
}
