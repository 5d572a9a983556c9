import { describe, expect, it } from 'vitest';
import { FIXTURE_SITES, readSavedPage } from './__fixtures__/fixture-sites.ts';
import { extractPageSignals, type DomNode } from './page-signals.ts';
import { mayMatchSubject, selectorSubjects } from './selector-subjects.ts';
import { loadFingerprintEngine } from './wappalyzer-engine.ts';

describe('selectorSubjects', () => {
  it.each([
    ["link[href*='.algolia.net'][rel='preconnect']", [{ tag: 'link', attributes: [{ name: 'href', contains: '.algolia.net' }, { name: 'rel', contains: 'preconnect' }] }]],
    ["div.content-container > a[href*='medusajs.com']", [{ tag: 'a', attributes: [{ name: 'href', contains: 'medusajs.com' }] }]],
    ["[class*='checkout'], #oracle-cc", [{ attributes: [{ name: 'class', contains: 'checkout' }] }, { attributes: [{ name: 'id', contains: 'oracle-cc' }] }]],
    ['form.yxt-SearchBar-form', [{ tag: 'form', attributes: [{ name: 'class', contains: 'yxt-searchbar-form' }] }]],
    ['div:not(.hidden)', [{ tag: 'div', attributes: [] }]],
  ])('%s', (selector, tests) => {
    expect(selectorSubjects(selector)).toEqual(tests);
  });

  it('gives up when a subject could be any element', () => {
    expect(selectorSubjects('*')).toBeUndefined();
    expect(selectorSubjects('body > *')).toBeUndefined();
    expect(selectorSubjects("a[href], :checked")).toBeUndefined();
    expect(selectorSubjects("html[xmlns\\:w='urn:x']")).toBeUndefined();
  });

  it('never screens out an element the selector matches, for every selector of the dataset', () => {
    const engine = loadFingerprintEngine();
    const technologies = [engine.technologies, ...engine.requires.map((g) => g.technologies), ...engine.categoryRequires.map((g) => g.technologies)].flat();
    const selectors = [...new Set(technologies.flatMap((technology) => Object.keys(technology.dom)))];
    const body = FIXTURE_SITES.map((site) => readSavedPage(site).body).join('\n');
    const { $ } = extractPageSignals({ url: 'https://www.example.com/', headers: {}, body });
    let checked = 0;
    const screenedOut: string[] = [];
    for (const selector of selectors) {
      const tests = selectorSubjects(selector);
      if (tests === undefined) continue;
      let matched: DomNode[];
      try {
        matched = $(selector).toArray() as unknown as DomNode[];
      } catch {
        continue; // css-select cannot run it at all
      }
      if (matched.some((element) => !mayMatchSubject(element, tests))) screenedOut.push(selector);
      checked += matched.length;
    }
    expect(screenedOut).toEqual([]);
    expect(checked).toBeGreaterThan(20);
  });
});
