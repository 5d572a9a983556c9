import { describe, expect, it } from 'vitest';
import { SAMPLE_HOMEPAGE } from './sample-homepage.ts';
import { readHomepage } from './read-homepage.ts';

describe('the warm-up sample homepage', () => {
  it('runs every reader through real work: detections by header, cookie, meta and script, and a company context', () => {
    const reading = readHomepage({ page: SAMPLE_HOMEPAGE, fetchedAt: new Date() });
    if (!reading.fingerprint.ok || !reading.companyContext.ok) throw new Error('a reader failed on the sample page');
    expect(reading.fingerprint.value.technologies.map((technology) => technology.name)).toEqual(expect.arrayContaining(['Cloudflare', 'Google Tag Manager', 'Shopify']));
    expect(reading.companyContext.value).toMatchObject({ name: 'Example Outdoor Co.', linkedinUrl: 'https://www.linkedin.com/company/example-outdoor' });
  });

});
