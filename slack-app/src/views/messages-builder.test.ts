import { describe, expect, it } from 'vitest';
import type { EnrichmentJob } from '@partnerforge/shared/schemas';
import { buildEnrichmentFailedMessage, buildInputErrorMessage, buildProgressMessage, buildServiceErrorMessage, buildUnknownUserMessage } from './messages-builder.ts';

const job: EnrichmentJob = {
  jobId: '0b9f0c5e-2f61-4a39-9d0f-4bd0a47c8a11',
  domain: 'costco.com',
  status: 'running',
  progress: 40,
  trigger: 'api',
  modules: {
    'website.fingerprint': { status: 'completed' },
    'company.context': { status: 'running' },
    'tech.builtwith': { status: 'skipped' },
    score: { status: 'pending' },
  },
  retryOf: null,
  createdAt: '2026-11-22T08:00:00.000Z',
  startedAt: '2026-11-22T08:00:01.000Z',
  finishedAt: null,
  intelUrl: '/v1/intel/costco.com',
};

describe('/pf messages', () => {
  it('shows progress per module, leaving out skipped ones, replacing the previous line', () => {
    expect(buildProgressMessage(job)).toEqual({
      response_type: 'ephemeral',
      replace_original: true,
      text: ':hourglass_flowing_sand: Enriching costco.com… 40%\n:white_check_mark: website  :hourglass_flowing_sand: company  :white_circle: score',
    });
  });

  it('lists what failed in a failed enrichment', () => {
    const failed = { ...job, status: 'failed' as const, modules: { 'website.fingerprint': { status: 'failed' as const, error: { code: 'timeout', message: 'The site did not answer in 10 s' } } } };
    expect(buildEnrichmentFailedMessage(failed).text).toContain('• website: The site did not answer in 10 s');
  });

  it('escapes what the user typed and keeps it short', () => {
    const message = buildInputErrorMessage({ kind: 'invalid', text: `<script>${'x'.repeat(200)}`, reason: 'not valid' });
    expect(message.text).toContain('&lt;script&gt;');
    expect(message.text.length).toBeLessThan(300);
  });

  it('tells an unknown user how to get access, and names every service failure', () => {
    expect(buildUnknownUserMessage('jane@acme.com').text).toContain('`pf users add --email jane@acme.com --role ae`');
    expect(buildServiceErrorMessage('costco.com', 'unavailable').text).toContain("can't be reached");
    expect(buildServiceErrorMessage('costco.com', 'budget_exceeded').text).toContain('budget cap');
    expect(buildServiceErrorMessage('costco.com', 'unauthorized').text).toContain('PF_SERVICE_API_KEY');
    expect(buildServiceErrorMessage('costco.com', 'rate_limited').text).toContain('busy');
    expect(buildServiceErrorMessage('costco.com', 'internal').text).toContain('(internal)');
  });
});
