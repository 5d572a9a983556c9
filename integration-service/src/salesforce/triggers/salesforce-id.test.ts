import { expect, it } from 'vitest';
import { SalesforceIdSchema, toCaseSafeId } from './salesforce-id.ts';

it('turns a 15-character id into its 18-character form and keeps 18-character ids', () => {
  // The example of Salesforce's own documentation of the case-safe suffix.
  expect(toCaseSafeId('001D000000IqhSL')).toBe('001D000000IqhSLIAZ');
  expect(toCaseSafeId('001d000000iqhsl')).toBe('001d000000iqhslAAA');
  expect(SalesforceIdSchema.parse(' 001D000000IqhSLIAZ ')).toBe('001D000000IqhSLIAZ');
  expect(SalesforceIdSchema.safeParse('001D000000IqhS').success).toBe(false);
  expect(SalesforceIdSchema.safeParse("001D000000IqhSL'").success).toBe(false);
});
