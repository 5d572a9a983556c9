import type { CardResult, CardState } from './card-state.ts';
import type { CardRequest, SendToBackground } from './messages.ts';

/** What a card shows next: ask the background, or a state decided on the page (e.g. "no website"). */
export type CardSource = CardRequest | ((signal: AbortSignal) => Promise<CardRequest | CardState>);

export interface CardSessionOptions {
  send: SendToBackground;
  onState: (state: CardState) => void;
  /** Between enrichment progress polls, ms (default 1000). */
  pollIntervalMs?: number;
  /** The tab the card is about (popup); content scripts leave it to their sender tab. */
  tabId?: number;
}

/**
 * One card's life: load it, enrich it when asked and poll the job's progress, retry after an
 * error. Loading something else cancels whatever the previous card was still doing, so a late
 * answer never overwrites a newer card.
 */
export function createCardSession(options: CardSessionOptions) {
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  let controller = new AbortController();
  let source: CardSource | null = null;
  let domain: string | null = null;
  const tab = options.tabId === undefined ? {} : { tabId: options.tabId };

  function restart(): AbortSignal {
    controller.abort();
    controller = new AbortController();
    return controller.signal;
  }

  function show(state: CardState, signal: AbortSignal) {
    if (signal.aborted) return;
    if (state.kind === 'card') domain = state.card.domain;
    else if (state.kind === 'not_enriched' || state.kind === 'enriching') domain = state.domain;
    else if (state.kind === 'error' && state.error.domain !== undefined) domain = state.error.domain;
    options.onState(state);
    if (state.kind === 'enriching') void poll(state.domain, signal);
  }

  async function poll(jobDomain: string, signal: AbortSignal) {
    await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
    if (signal.aborted) return;
    show(await options.send({ type: 'enrichment.status', domain: jobDomain, ...tab }), signal);
  }

  async function run(next: CardSource, signal: AbortSignal) {
    options.onState({ kind: 'loading' });
    const request = typeof next === 'function' ? await next(signal) : next;
    if (signal.aborted) return;
    if (!('type' in request)) return show(request, signal);
    const result: CardResult = await options.send(request.type === 'card.forDomain' ? { ...tab, ...request } : request);
    show(result, signal);
  }

  return {
    /** Shows the card of `next` (loading first). */
    load(next: CardSource): Promise<void> {
      source = next;
      domain = null;
      return run(next, restart());
    },
    /** Starts enriching the card's domain and follows the job until the card is there. */
    async enrich(): Promise<void> {
      if (domain === null) return;
      const signal = restart();
      options.onState({ kind: 'enriching', domain, progress: 0 });
      show(await options.send({ type: 'enrichment.start', domain, ...tab }), signal);
    },
    /** Loads the current card again (after an error). */
    retry(): Promise<void> {
      return source === null ? Promise.resolve() : run(source, restart());
    },
    /** Stops whatever is in flight; nothing more is shown. */
    cancel(): void {
      controller.abort();
      source = null;
      domain = null;
    },
  };
}

export type CardSession = ReturnType<typeof createCardSession>;
