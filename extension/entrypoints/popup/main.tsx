import { render } from 'preact';
import { browser } from 'wxt/browser';
import { PopupApp } from '../../components/PopupApp.tsx';
import { pageCss } from '../../components/styles.ts';
import { sendToBackground } from '../../utils/messages.ts';
import { siteDomainOf } from '../../utils/site-domain.ts';

document.head.append(Object.assign(document.createElement('style'), { textContent: pageCss }));

// Opened from the toolbar, the popup is about the active tab. Opened as a page (a test, or a
// pinned window), `?tabId=` names the tab instead.
const tabParameter = new URLSearchParams(location.search).get('tabId');
const tab = tabParameter !== null ? await browser.tabs.get(Number(tabParameter)) : (await browser.tabs.query({ active: true, currentWindow: true }))[0];

render(
  <PopupApp site={siteDomainOf(tab?.url)} {...(tab?.id === undefined ? {} : { tabId: tab.id })} send={sendToBackground} openOptions={() => void browser.runtime.openOptionsPage()} />,
  document.getElementById('app') as HTMLElement,
);
