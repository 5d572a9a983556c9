import { render } from 'preact';
import { browser } from 'wxt/browser';
import { OptionsForm } from '../../components/OptionsForm.tsx';
import { pageCss } from '../../components/styles.ts';
import { sendToBackground } from '../../utils/messages.ts';
import { settingsItem } from '../../utils/storage.ts';

document.head.append(Object.assign(document.createElement('style'), { textContent: pageCss }));

render(
  <OptionsForm initial={await settingsItem.getValue()} requestPermission={(originPattern) => browser.permissions.request({ origins: [originPattern] })} send={sendToBackground} />,
  document.getElementById('app') as HTMLElement,
);
