import { describe, expect, it } from 'vitest';
import { collectSocialProfiles, normalizeLinkedInCompanyUrl, socialProfileOf } from './social-links.ts';

describe('normalizeLinkedInCompanyUrl', () => {
  it.each([
    ['https://www.linkedin.com/company/acme-shop/', 'https://www.linkedin.com/company/acme-shop'],
    ['https://uk.linkedin.com/company/globe-daily-news/?trk=public_profile_topcard-name', 'https://www.linkedin.com/company/globe-daily-news'],
    ['http://linkedin.com/company/Harbor-Dental-Studio/about/?viewAsMember=true', 'https://www.linkedin.com/company/harbor-dental-studio'],
    ['linkedin.com/company/northpeak-outdoor', 'https://www.linkedin.com/company/northpeak-outdoor'],
    ['//www.linkedin.com/company/1035/jobs/', 'https://www.linkedin.com/company/1035'],
    ['https://www.linkedin.com/company/acme#about', 'https://www.linkedin.com/company/acme'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeLinkedInCompanyUrl(input)).toBe(expected);
  });

  it.each([
    'https://www.linkedin.com/in/jane-doe/',
    'https://www.linkedin.com/showcase/acme-labs/',
    'https://www.linkedin.com/shareArticle?url=https://acme.com',
    'https://www.linkedin.com/company/',
    'https://notlinkedin.com/company/acme',
    'https://linkedin.com.evil.example/company/acme',
    'mailto:hello@acme.com',
    'not a url at all',
  ])('rejects %s', (input) => {
    expect(normalizeLinkedInCompanyUrl(input)).toBeNull();
  });
});

describe('socialProfileOf', () => {
  it('cleans profile URLs and skips share links', () => {
    expect(socialProfileOf('https://www.instagram.com/northpeakoutdoor/?hl=en')).toEqual({ network: 'instagram', url: 'https://www.instagram.com/northpeakoutdoor' });
    expect(socialProfileOf('https://x.com/theglobedaily')).toEqual({ network: 'twitter', url: 'https://x.com/theglobedaily' });
    expect(socialProfileOf('https://twitter.com/intent/tweet?text=hi')).toBeUndefined();
    expect(socialProfileOf('https://www.facebook.com/sharer/sharer.php?u=x')).toBeUndefined();
    expect(socialProfileOf('https://www.youtube.com/watch?v=abc')).toBeUndefined();
    expect(socialProfileOf('https://www.acme.com/about')).toBeUndefined();
  });

  it('keeps the first profile per network', () => {
    expect(collectSocialProfiles(['https://twitter.com/first', 'https://x.com/second', 'https://github.com/acme'])).toEqual({
      twitter: 'https://twitter.com/first',
      github: 'https://github.com/acme',
    });
  });
});
