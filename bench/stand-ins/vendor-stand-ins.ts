import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { type CallLog, type CallLogSnapshot, createCallLog } from './call-log.ts';

export interface VendorStandInsOptions {
  /** The only key each stand-in accepts. */
  keys: { builtwith: string; similarweb: string };
  /** The domains of the run; a lookup of any other is unexpected. */
  domains: readonly string[];
  /** Fixed delay before each answer, ms. */
  latencyMs: number;
}

/** What the thread is started with. */
export type VendorStandInsThreadData = VendorStandInsOptions & { domains: string[] };
/** What the bench asks the thread. */
export type VendorStandInsRequest = 'report' | 'close';

export interface VendorStandIns {
  readonly builtwith: { readonly origin: string };
  readonly similarweb: { readonly origin: string };
  /** Both call logs as they are now. */
  report(): Promise<{ builtwith: CallLog; similarweb: CallLog }>;
  close(): Promise<void>;
}

/**
 * A thread's bootstrap that loads a TypeScript module: on Node 20 a worker started on a `.ts`
 * file fails before tsx's loader (registered with `module.register`) applies, even with tsx in
 * its execArgv; so the thread registers tsx itself, then imports the module.
 */
function typeScriptEntry(module: URL): string {
  const tsx = import.meta.resolve('tsx/esm/api');
  return `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(module.href)}); })`;
}

/**
 * Starts the BuiltWith and SimilarWeb stand-ins on a worker thread, so that the arrival times
 * the rate figure is computed from are taken by an event loop with nothing else to do.
 */
export async function startVendorStandIns(options: VendorStandInsOptions): Promise<VendorStandIns> {
  const workerData: VendorStandInsThreadData = { ...options, domains: [...options.domains] };
  const thread = new Worker(typeScriptEntry(new URL('./vendor-stand-ins-thread.ts', import.meta.url)), { eval: true, workerData });
  const failed = once(thread, 'error').then(([error]) => Promise.reject(error as Error));
  failed.catch(() => undefined);
  const ask = async <T>(request: VendorStandInsRequest): Promise<T> => {
    const answer = once(thread, 'message');
    // oxlint-disable-next-line unicorn/require-post-message-target-origin -- a worker thread, not a window
    thread.postMessage(request);
    return ((await Promise.race([answer, failed])) as [T])[0];
  };
  const [origins] = (await Promise.race([once(thread, 'message'), failed])) as [{ builtwith: string; similarweb: string }];
  let closed: Promise<void> | undefined;
  return {
    builtwith: { origin: origins.builtwith },
    similarweb: { origin: origins.similarweb },
    async report() {
      const logs = await ask<{ builtwith: CallLogSnapshot; similarweb: CallLogSnapshot }>('report');
      return { builtwith: createCallLog(logs.builtwith.name, logs.builtwith), similarweb: createCallLog(logs.similarweb.name, logs.similarweb) };
    },
    close() {
      closed ??= ask<'closed'>('close').then(async () => {
        await thread.terminate();
      });
      return closed;
    },
  };
}
