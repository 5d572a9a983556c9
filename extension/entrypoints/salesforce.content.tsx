import { defineContentScript } from 'wxt/utils/define-content-script';
import { createStaleLinkGuard } from '../utils/page-target.ts';
import { runOverlayContentScript } from '../utils/overlay-content-script.tsx';
import { accountRecordIdOf, salesforceTargetOf } from '../utils/salesforce-page.ts';
import { salesforceOriginItem } from '../utils/storage.ts';

// Every Lightning page, not only Account records: the app navigates in place, so the script must
// already be running when the user moves from a list view to a record.
export default defineContentScript({
  matches: ['https://*.lightning.force.com/*'],
  // As soon as the DOM is parsed: document_idle can wait for the window's load event, which on
  // the real apps waits for many scripts and images. The script waits for the fields it reads.
  runAt: 'document_end',
  async main(ctx) {
    const guard = createStaleLinkGuard();
    await runOverlayContentScript(ctx, {
      name: 'partnerforge-overlay',
      window,
      targetOf: (url) => {
        if (accountRecordIdOf(url) !== null) void salesforceOriginItem.setValue(url.origin);
        return salesforceTargetOf(url, document, guard);
      },
    });
  },
});
