import { describe, expect, it } from 'vitest';
import { findCareersUrl } from './careers-link.ts';

const link = (url: string, text = '') => ({ url, text });

describe('findCareersUrl', () => {
  it('finds a careers path, a careers subdomain, an ATS or link text', () => {
    expect(findCareersUrl([link('https://acme.com/about'), link('https://acme.com/pages/careers', 'Careers')])).toBe('https://acme.com/pages/careers');
    expect(findCareersUrl([link('https://careers.globe-daily.com/', 'Work with us')])).toBe('https://careers.globe-daily.com/');
    expect(findCareersUrl([link('https://boards.greenhouse.io/acme', 'Open roles')])).toBe('https://boards.greenhouse.io/acme');
    expect(findCareersUrl([link('https://acme.com/people', "We're hiring!")])).toBe('https://acme.com/people');
  });

  it('prefers a careers site or ATS over a path, and a path over text alone', () => {
    const links = [link('https://acme.com/team', 'Join our team'), link('https://acme.com/jobs', 'Openings'), link('https://acme.wd1.myworkdayjobs.com/en-US/Acme', 'Apply')];
    expect(findCareersUrl(links)).toBe('https://acme.wd1.myworkdayjobs.com/en-US/Acme');
    expect(findCareersUrl(links.slice(0, 2))).toBe('https://acme.com/jobs');
  });

  it('ignores job boards of social networks and unrelated links', () => {
    expect(findCareersUrl([link('https://www.linkedin.com/company/acme/jobs/', 'Jobs'), link('https://acme.com/contact', 'Contact')])).toBeNull();
    expect(findCareersUrl([])).toBeNull();
  });
});
