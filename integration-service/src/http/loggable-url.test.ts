import { describe, expect, it } from 'vitest';
import { loggableUrl } from './loggable-url.ts';

describe('loggableUrl', () => {
  it('hides the token of a signed brief link and keeps the rest', () => {
    expect(loggableUrl('/briefs/costco.com?token=1767225600.abcDEF_-123&view=print')).toBe('/briefs/costco.com?token=[redacted]&view=print');
  });

  it('hides every credential parameter, whatever its case or place', () => {
    expect(loggableUrl('/x?since=2026-01-01&SIG=aa&api_key=bb&code=cc')).toBe('/x?since=2026-01-01&SIG=[redacted]&api_key=[redacted]&code=[redacted]');
  });

  it('leaves paths and harmless queries alone', () => {
    expect(loggableUrl('/v1/intel/costco.com')).toBe('/v1/intel/costco.com');
    expect(loggableUrl('/v1/changes?scope=all&tokens=3')).toBe('/v1/changes?scope=all&tokens=3');
  });
});
