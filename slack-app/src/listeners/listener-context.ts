import type { PartnerForgeClient } from '@partnerforge/shared/client';
import type { LookupContext } from '../lookup/deliver-lookup.ts';

/** What every listener may use; built once in app.ts. */
export interface ListenerContext extends LookupContext {
  partnerForge: PartnerForgeClient;
}
