import { describe, expect, it } from 'vitest';
import { isVerbatimInHtml, selectorLiterals } from './selector-literals.ts';

describe('selectorLiterals', () => {
  it.each([
    ['div#topsearchelastic_widget', [['topsearchelastic_widget', '<div']]],
    ['form.yxt-SearchBar-form', [['yxt-searchbar-form', '<form']]],
    ["link[href*='.algolia.net'][rel='preconnect']", [['href', '.algolia.net', 'rel', 'preconnect', '<link']]],
    ['[data-lift-slot]', [['data-lift-slot']]],
    [
      "div[class*='parbase'], div[data-component-path*='jcr:'], div[class*='aem-Grid']",
      [
        ['class', 'parbase', '<div'],
        ['data-component-path', 'jcr:', '<div'],
        ['class', 'aem-grid', '<div'],
      ],
    ],
    ["link[href*='cdn\\.greenhouse\\.io/']", [['href', 'cdn.greenhouse.io/', '<link']]],
    ["html[xmlns\\:w='urn:schemas-microsoft-com:office:word']", [['xmlns:w', 'urn:schemas-microsoft-com:office:word', '<html']]],
    ["style[data-meta^='ArwesSounds(t)']", [['data-meta', 'arwessounds(t)', '<style']]],
    ['div.content-container > a[href*="www.medusajs.com"]', [['href', 'www.medusajs.com', 'content-container', '<div', '<a']]],
  ])('%s needs %j', (selector, alternatives) => {
    expect(selectorLiterals(selector)).toEqual(alternatives);
  });

  it('ignores what is inside pseudo-class arguments', () => {
    expect(selectorLiterals("div:not(.excluded-thing) > span.kept")).toEqual([['kept', '<div', '<span']]);
  });

  it('keeps the readable parts of a value with hex escapes', () => {
    expect(selectorLiterals("a[href*='abc\\31 def-part']")).toEqual([['href', 'abc', 'def-part', '<a']]);
  });

  it('gives nothing when an alternative has no literal, so the selector always runs', () => {
    expect(selectorLiterals('*')).toBeUndefined();
    expect(selectorLiterals('div.long-class-name, *')).toBeUndefined();
  });

  it('skips values that entities could hide', () => {
    expect(isVerbatimInHtml('a&b')).toBe(false);
    expect(selectorLiterals("a[title='Tom & Jerry']")).toEqual([['title', '<a']]);
  });
});
