import { preact } from '@preact/preset-vite';
import { defineConfig } from 'wxt';

// https://wxt.dev/api/config.html
export default defineConfig({
  // Explicit imports everywhere: `tsc -p .` then needs no generated `.wxt/` types.
  imports: false,
  vite: () => ({ plugins: [preact()] }),
  // `pnpm build` runs `wxt zip`: .output/chrome-mv3 (load it unpacked) and this zip beside it.
  zip: { artifactTemplate: 'partnerforge-{{version}}-chrome-{{manifestVersion}}.zip', zipSources: false },
  manifest: {
    name: 'PartnerForge',
    description: 'Account intelligence on Salesforce, LinkedIn and prospect sites.',
    // `tabs`: the badge follows the site of the current tab. No host permission at install: the
    // service's origin is requested on the options page when it is saved.
    permissions: ['storage', 'tabs'],
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    action: { default_title: 'PartnerForge' },
    commands: {
      'focus-overlay': { suggested_key: { default: 'Alt+Shift+P' }, description: 'Open the PartnerForge card on this page' },
    },
  },
});
