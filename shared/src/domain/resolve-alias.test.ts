import { describe, expect, it } from 'vitest';
import { resolveAlias } from './resolve-alias.ts';

describe('resolveAlias', () => {
  const aliases = new Map([
    ['costco.ca', 'costco.com'],
    ['costco.co.uk', 'costco.ca'],
    ['loop-a.com', 'loop-b.com'],
    ['loop-b.com', 'loop-a.com'],
  ]);

  it('maps an alias to its canonical domain', () => {
    expect(resolveAlias('costco.ca', aliases)).toBe('costco.com');
  });

  it('follows a chain of aliases', () => {
    expect(resolveAlias('costco.co.uk', aliases)).toBe('costco.com');
  });

  it('returns an unknown domain unchanged', () => {
    expect(resolveAlias('walmart.com', aliases)).toBe('walmart.com');
  });

  it('stops at a cycle instead of looping', () => {
    expect(resolveAlias('loop-a.com', aliases)).toBe('loop-b.com');
  });
});
