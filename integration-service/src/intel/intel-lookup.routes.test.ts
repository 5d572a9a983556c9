import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBodySchema, IntelSchema } from '@partnerforge/shared/schemas';
import { insertSnapshot } from '../enrichment/snapshots.repository.ts';
import { addUser, createApiKeyForUser } from '../users/users.service.ts';
import { startTestService, type TestService } from '../../test/support/test-service.ts';

describe('GET /v1/intel/by-linkedin/:slug', () => {
  let t: TestService;
  let key: string;
  const get = (slug: string, token = key) => fetch(`${t.baseUrl}/v1/intel/by-linkedin/${slug}`, { headers: { authorization: `Bearer ${token}` } });

  const context = (domain: string, linkedinUrl: string | null, fetchedAt: string) =>
    insertSnapshot(t.service.runtime.db, {
      domain,
      module: 'company.context',
      provider: 'website',
      data: { name: `${domain} Inc.`, description: null, logoUrl: null, linkedinUrl },
      sourceUrl: `https://${domain}/`,
      fetchedAt: new Date(fetchedAt),
    });

  beforeAll(async () => {
    t = await startTestService({ database: 'postgres', redis: false });
    await addUser(t.service.runtime.db, { email: 'sdr@example.com', role: 'sdr', team: 'West' });
    key = (await createApiKeyForUser(t.service.runtime.db, { email: 'sdr@example.com' })).key;

    await context('acme-shop.com', 'https://www.linkedin.com/company/acme-shop', '2026-11-20T10:00:00Z');
    await insertSnapshot(t.service.runtime.db, {
      domain: 'acme-shop.com', module: 'score', provider: 'partnerforge', sourceUrl: 'partnerforge:score', fetchedAt: new Date('2026-11-20T10:00:00Z'),
      data: { score: 82, tier: 'hot', breakdown: [{ factor: 'vertical', points: 40, reason: 'Commerce' }] },
    });
    // A company that moved to a new LinkedIn page: only its current snapshot counts.
    await context('renamed.com', 'https://www.linkedin.com/company/old-name', '2026-10-01T10:00:00Z');
    await context('renamed.com', 'https://www.linkedin.com/company/new-name', '2026-11-01T10:00:00Z');
    // Two domains naming the same page: the most recently fetched wins.
    await context('group.com', 'https://www.linkedin.com/company/shared-page', '2026-09-01T10:00:00Z');
    await context('brand.com', 'https://www.linkedin.com/company/shared-page', '2026-11-02T10:00:00Z');
    // Slugs with non-ASCII letters are stored percent-encoded, in lower case.
    await context('cafe-berlin.de', 'https://www.linkedin.com/company/caf%c3%a9-berlin', '2026-11-03T10:00:00Z');
  });
  afterAll(async () => t?.stop());

  it("answers the intel of the domain whose website names that LinkedIn page", async () => {
    const res = await get('acme-shop');
    expect(res.status).toBe(200);
    const intel = IntelSchema.parse(await res.json());
    expect(intel).toMatchObject({ domain: 'acme-shop.com', score: 82, tier: 'hot', company: { linkedinUrl: 'https://www.linkedin.com/company/acme-shop' } });
  });

  it('matches the slug in any letter case and percent-encoded', async () => {
    expect(IntelSchema.parse(await (await get('ACME-Shop')).json()).domain).toBe('acme-shop.com');
    expect(IntelSchema.parse(await (await get(encodeURIComponent('Café-Berlin'))).json()).domain).toBe('cafe-berlin.de');
  });

  it('follows only the current company-context snapshot of a domain', async () => {
    expect(IntelSchema.parse(await (await get('new-name')).json()).domain).toBe('renamed.com');
    expect((await get('old-name')).status).toBe(404);
  });

  it('prefers the most recently fetched domain when several name the page', async () => {
    expect(IntelSchema.parse(await (await get('shared-page')).json()).domain).toBe('brand.com');
  });

  it('answers 404 not_found with the URL it looked for when no company names the page', async () => {
    const res = await get('nobody-here');
    expect(res.status).toBe(404);
    const body = ErrorBodySchema.parse(await res.json());
    expect(body.error).toMatchObject({ code: 'not_found', details: { linkedinUrl: 'https://www.linkedin.com/company/nobody-here' } });
  });

  it('refuses a slug that is not one with 400 validation_failed', async () => {
    const res = await get(encodeURIComponent('acme shop<script>'));
    expect(res.status).toBe(400);
    expect(ErrorBodySchema.parse(await res.json()).error.code).toBe('validation_failed');
  });

  it('requires an API key', async () => {
    expect((await get('acme-shop', 'not-a-key')).status).toBe(401);
  });
});
