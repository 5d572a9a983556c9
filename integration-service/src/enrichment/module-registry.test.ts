import { describe, expect, it } from 'vitest';
import { createModuleRegistry } from './module-registry.ts';
import { plainModule as moduleOf } from './__fixtures__/plain-module.ts';


const registry = createModuleRegistry([
  moduleOf('website.fingerprint'),
  moduleOf('company.context'),
  moduleOf('tech.builtwith'),
  moduleOf('financials.yahoo', ['company.context']),
  moduleOf('score', ['website.fingerprint', 'tech.builtwith', 'financials.yahoo']),
]);

describe('module registry', () => {
  it('orders modules into dependency waves', () => {
    const waves = registry.waves(['score', 'financials.yahoo', 'company.context', 'website.fingerprint', 'tech.builtwith']);
    expect(waves.map((w) => [...w].sort())).toEqual([
      ['company.context', 'tech.builtwith', 'website.fingerprint'],
      ['financials.yahoo'],
      ['score'],
    ]);
  });

  it('adds what a selection depends on, transitively', () => {
    expect([...registry.withDependencies(['financials.yahoo'])].sort()).toEqual(['company.context', 'financials.yahoo']);
    expect(registry.withDependencies(['score']).size).toBe(5);
  });

  it('treats a dependency outside the selection as satisfied (its cached data is read)', () => {
    expect(registry.waves(['financials.yahoo'])).toEqual([['financials.yahoo']]);
  });

  it('refuses unknown dependencies, duplicates and cycles at start', () => {
    expect(() => createModuleRegistry([moduleOf('score', ['tech.builtwith'])])).toThrow('depends on unknown module tech.builtwith');
    expect(() => createModuleRegistry([moduleOf('score'), moduleOf('score')])).toThrow('registered twice');
    expect(() => createModuleRegistry([moduleOf('score', ['financials.yahoo']), moduleOf('financials.yahoo', ['score'])])).toThrow('cycle');
  });
});
