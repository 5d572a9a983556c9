import { defineContentScript } from 'wxt/utils/define-content-script';
import { linkedInTargetOf } from '../utils/linkedin-page.ts';
import { createStaleLinkGuard } from '../utils/page-target.ts';
import { runOverlayContentScript } from '../utils/overlay-content-script.tsx';

// All of www.linkedin.com: LinkedIn navigates in place from the feed or search to a company page.
export default defineContentScript({
  matches: ['https://www.linkedin.com/*'],
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
