import { render } from 'preact';
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import { Overlay } from '../components/Overlay.tsx';
import { overlayCss } from '../components/styles.ts';
import { createCardSession } from './card-session.ts';
import type { CardState } from './card-state.ts';
import { sendToBackground } from './messages.ts';
import { type PageTarget, createPageTracker } from './page-target.ts';
import { overlayCollapsedItem } from './storage.ts';

export interface OverlayContentScriptOptions {
  /** Custom element name of the shadow host (kebab-case). */
  name: string;
  /** The account a URL shows, if any. */
  targetOf: (url: URL) => PageTarget | null;
  window: Window;
}

/** A message from the background: the keyboard shortcut asks to open and focus the overlay. */
export const FOCUS_OVERLAY_MESSAGE = 'overlay.focus';

/**
 * Runs the overlay of a content script: a shadow root (page styles neither leak in nor out; keys
 * typed in it do not reach the page's shortcuts) holding the card of the account on screen,
 * following the app's in-page navigation, with the collapsed state shared across tabs.
 */
export async function runOverlayContentScript(ctx: ContentScriptContext, options: OverlayContentScriptOptions): Promise<void> {
  let state: CardState = { kind: 'loading' };
  // Null until storage answers. The card is asked for meanwhile (both are round trips to the
  // extension), and nothing is drawn before the state is known, so a collapsed overlay never flashes open.
  let collapsed: boolean | null = null;
  const storedCollapsed = overlayCollapsedItem.getValue();
  let focusRequest = 0;
  let container: HTMLElement | null = null;
  let mounted = false;

  const session = createCardSession({
    send: sendToBackground,
    onState: (next) => {
      state = next;
      draw();
    },
  });
  const setCollapsed = (value: boolean) => {
    collapsed = value;
    draw();
    void overlayCollapsedItem.setValue(value);
  };
  function draw() {
    if (container === null || collapsed === null) return;
    render(
      <Overlay
        state={state}
        collapsed={collapsed}
        onCollapsedChange={setCollapsed}
        focusRequest={focusRequest}
        onEnrich={() => void session.enrich()}
        onRetry={() => void session.retry()}
        onOpenOptions={() => void sendToBackground({ type: 'options.open' })}
      />,
      container,
    );
  }

  const ui = await createShadowRootUi(ctx, {
    name: options.name,
    position: 'inline',
    anchor: 'body',
    append: 'last',
    css: overlayCss,
    isolateEvents: true,
    onMount: (uiContainer) => {
      container = uiContainer;
      draw();
      return uiContainer;
    },
    onRemove: (uiContainer) => {
      if (uiContainer) render(null, uiContainer);
      container = null;
    },
  });

  const tracker = createPageTracker({
    targetOf: options.targetOf,
    session,
    show: () => {
      if (mounted) return;
      mounted = true;
      ui.mount();
    },
    hide: () => {
      if (mounted) ui.remove();
      mounted = false;
      void sendToBackground({ type: 'badge.clear' });
    },
  });

  // The same choice in every tab: collapsing on one record page collapses it on the others.
  ctx.onInvalidated(
    overlayCollapsedItem.watch((value) => {
      collapsed = value;
      draw();
    }),
  );
  const onMessage = (message: unknown) => {
    if ((message as { type?: unknown } | null)?.type !== FOCUS_OVERLAY_MESSAGE || !mounted) return;
    collapsed = false;
    focusRequest += 1;
    draw();
  };
  browser.runtime.onMessage.addListener(onMessage);
  ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(onMessage));
  ctx.onInvalidated(() => {
    session.cancel();
    if (mounted) ui.remove();
  });

  ctx.addEventListener(options.window, 'wxt:locationchange', (event) => tracker.update(event.newUrl));
  tracker.update(new URL(options.window.location.href));
  const stored = await storedCollapsed;
  // A change made meanwhile (the watcher, a keypress) is newer than what was read.
  if (collapsed === null) collapsed = stored;
  draw();
}
