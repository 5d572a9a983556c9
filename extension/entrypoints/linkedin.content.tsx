import { defineContentScript } from 'wxt/utils/define-content-script';
import { linkedInTargetOf } from '../utils/linkedin-page.ts';
import { createStaleLinkGuard } from '../utils/page-target.ts';
import { runOverlayContentScript } from '../utils/overlay-content-script.tsx';

// All of www.linkedin.com: LinkedIn navigates in place from the feed or search to a company page.
export default defineContentScript({
  matches: ['https://www.linkedin.com/*'],
  // As soon as the DOM is parsed: document_idle can wait for the window's load event, which on
  // the real apps waits for many scripts and images. The script waits for the fields it reads.
  runAt: 'document_end',
  async main(ctx) {
    const guard = createStaleLinkGuard();
    await runOverlayContentScript(ctx, {
      name: 'partnerforge-overlay',
      window,
      targetOf: (url) => linkedInTargetOf(url, document, guard),
    });
  },
});
