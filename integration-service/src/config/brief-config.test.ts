import { describe, expect, it } from 'vitest';
import { isConfigError, loadConfig } from './config.ts';

const key = (c: string) => c.repeat(32);

describe('brief link configuration', () => {
  it('signs with the first key and verifies with all; none configured means a per-process key', () => {
    expect(loadConfig({ PF_BRIEF_SIGNING_KEY: `${key('a')},${key('b')}` }).briefs).toEqual({ signingKeys: [key('a'), key('b')], linkTtlDays: 90 });
    expect(loadConfig({ PF_BRIEF_LINK_TTL_DAYS: '30' }).briefs).toEqual({ signingKeys: [], linkTtlDays: 30 });
  });

  it('refuses keys too short to be secret', () => {
    const problems = (() => {
      try {
        loadConfig({ PF_BRIEF_SIGNING_KEY: 'secret' });
        return [];
      } catch (error) {
        return isConfigError(error) ? error.problems : [{ variable: 'unexpected', message: String(error) }];
      }
    })();
    expect(problems).toEqual([{ variable: 'PF_BRIEF_SIGNING_KEY', message: expect.stringMatching(/at least 32 characters/) }]);
  });
});
