import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DomainInputSchema } from './domain-input-schema.ts';

describe('DomainInputSchema', () => {
  it('outputs the normalized domain', () => {
    expect(DomainInputSchema.parse('https://www.Costco.com/x')).toBe('costco.com');
  });

  it('carries the refusal reason as the issue message', () => {
    const result = DomainInputSchema.safeParse('http://10.0.0.1/');
    expect(result.success).toBe(false);
    expect(result.error?.issues).toHaveLength(1);
    expect(result.error?.issues[0]?.message).toMatch(/IP address/);
  });

  it('composes inside an object schema with the field path', () => {
    const result = z.object({ domain: DomainInputSchema }).safeParse({ domain: 'costco' });
    expect(result.error?.issues[0]?.path).toEqual(['domain']);
    expect(result.error?.issues[0]?.message).toMatch(/bare word/);
  });

  it('refuses a non-string', () => {
    expect(DomainInputSchema.safeParse(42).success).toBe(false);
  });
});
