import type { Me } from '@partnerforge/shared/schemas';
import { useState } from 'preact/hooks';
import { originPatternOf } from '../utils/service-origin.ts';
import type { SendToBackground } from '../utils/messages.ts';
import type { Settings } from '../utils/storage.ts';

export interface OptionsFormProps {
  /** What is saved now, if anything. */
  initial: Settings | null;
  /** Asks the browser for a host permission (shows its prompt); true when granted. */
  requestPermission: (originPattern: string) => Promise<boolean>;
  send: SendToBackground;
}

type Status =
  | { kind: 'idle' }
  | { kind: 'checking' }
  | { kind: 'connected'; me: Me }
  | { kind: 'failed'; message: string };

/**
 * Service URL and API key. Saving asks for access to the service's origin (only now, never at
 * install), then has the background test the key against `/v1/me`; nothing is saved unless
 * that works.
 */
export function OptionsForm({ initial, requestPermission, send }: OptionsFormProps) {
  const [serviceUrl, setServiceUrl] = useState(initial?.serviceUrl ?? '');
  const [apiKey, setApiKey] = useState(initial?.apiKey ?? '');
  const [badgeForEverySite, setBadgeForEverySite] = useState(initial?.badgeForEverySite ?? false);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    let pattern: string;
    try {
      pattern = originPatternOf(serviceUrl.trim());
    } catch {
      setStatus({ kind: 'failed', message: 'Enter the service URL, e.g. https://partnerforge.example.com' });
      return;
    }
    // First thing in the click: the browser only shows a permission prompt during a user gesture.
    let granted: boolean;
    try {
      granted = await requestPermission(pattern);
    } catch (error) {
      granted = false;
      setStatus({ kind: 'failed', message: `The browser refused to ask for access: ${error instanceof Error ? error.message : String(error)}` });
      return;
    }
    if (!granted) {
      setStatus({ kind: 'failed', message: `Access to ${new URL(serviceUrl.trim()).origin} was not granted; PartnerForge cannot reach the service without it.` });
      return;
    }
    setStatus({ kind: 'checking' });
    const result = await send({ type: 'settings.connect', serviceUrl, apiKey, badgeForEverySite });
    setStatus(result.ok ? { kind: 'connected', me: result.me } : { kind: 'failed', message: result.error.message });
  };

  return (
    <main class="pf-page pf-page--options">
      <h1>PartnerForge settings</h1>
      <form class="pf-form" onSubmit={(event) => void onSubmit(event)}>
        <label>
          Service URL
          <input type="url" name="serviceUrl" required placeholder="https://partnerforge.example.com" value={serviceUrl} onInput={(event) => setServiceUrl(event.currentTarget.value)} />
        </label>
        <label>
          API key
          <input type="password" name="apiKey" required autocomplete="off" placeholder="pf_xxxxxxxx_…" value={apiKey} onInput={(event) => setApiKey(event.currentTarget.value)} />
          <span class="pf-hint">Your personal key; an admin creates it with "pf keys create".</span>
        </label>
        <label class="pf-check">
          <input type="checkbox" name="badgeForEverySite" checked={badgeForEverySite} onChange={(event) => setBadgeForEverySite(event.currentTarget.checked)} />
          <span>
            Show the tier badge on every site I visit
            <span class="pf-hint"> (sends each visited domain to the service; off: only sites you look up)</span>
          </span>
        </label>
        <div>
          <button type="submit" class="pf-button" disabled={status.kind === 'checking'}>
            {status.kind === 'checking' ? 'Testing…' : 'Test and save'}
          </button>
        </div>
      </form>
      <p role="status" data-status={status.kind}>
        {status.kind === 'connected' && `Connected as ${status.me.email} (${status.me.role}). Saved.`}
        {status.kind === 'failed' && status.message}
      </p>
    </main>
  );
}
