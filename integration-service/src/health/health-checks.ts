export type CheckResult = { status: 'ok' } | { status: 'down'; error: string } | { status: 'not_configured' };

/** Time one health probe may take, ms. */
export const CHECK_TIMEOUT_MS = 2_000;

/** `probe`'s value, or the reason it failed or gave no answer within `timeoutMs`. */
export async function withTimeout<T>(probe: () => Promise<T>, timeoutMs = CHECK_TIMEOUT_MS): Promise<{ ok: true; value: T } | { ok: false; error: string }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const value = await Promise.race([
      probe(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { ok: true, value };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** One dependency check as `/ready` reports it. */
export async function check(probe: () => Promise<unknown>, timeoutMs = CHECK_TIMEOUT_MS): Promise<CheckResult> {
  const result = await withTimeout(probe, timeoutMs);
  return result.ok ? { status: 'ok' } : { status: 'down', error: result.error };
}
