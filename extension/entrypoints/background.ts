import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { setActionBadge } from '../utils/badge.ts';
import { createBackgroundService } from '../utils/background-service.ts';
import { isBackgroundRequest } from '../utils/messages.ts';
import { FOCUS_OVERLAY_MESSAGE } from '../utils/overlay-content-script.tsx';

export default defineBackground(() => {
  const service = createBackgroundService({
    setBadge: setActionBadge,
    hasHostPermission: (originPattern) => browser.permissions.contains({ origins: [originPattern] }),
    openOptionsPage: () => browser.runtime.openOptionsPage(),
  });

  // Listeners are registered synchronously at start-up, so a worker the browser stopped and
  // restarted for an event receives it; the service keeps no state in memory.
  browser.runtime.onMessage.addListener((message, sender, sendResponse) => {
    if (!isBackgroundRequest(message)) return false;
    service.handle(message, sender).then(sendResponse, (error: unknown) =>
      sendResponse({ kind: 'error', error: { kind: 'failed', message: error instanceof Error ? error.message : String(error) } }),
    );
    return true; // answers asynchronously
  });

  browser.tabs.onActivated.addListener(({ tabId }) => {
    browser.tabs.get(tabId).then((tab) => service.updateBadgeForTab(tabId, tab.url), () => undefined);
  });
  browser.tabs.onUpdated.addListener((tabId, change, tab) => {
    if (change.url !== undefined || change.status === 'complete') void service.updateBadgeForTab(tabId, tab.url);
  });

  browser.commands.onCommand.addListener((command, tab) => {
    if (command !== 'focus-overlay' || tab?.id === undefined) return;
    browser.tabs.sendMessage(tab.id, { type: FOCUS_OVERLAY_MESSAGE }).catch(() => undefined);
  });
});
