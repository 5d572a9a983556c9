/**
 * Settles with `promise`, or rejects with the signal's reason as soon as it aborts. For waits
 * that do not listen to a signal themselves: cockatiel's backoff delay, and fetch
 * implementations (nock's interceptor among them) that ignore an abort once a request is out.
 */
export function abortable<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
