import { describe, expect, it } from 'vitest';
import { createSubstringFilter } from './substring-filter.ts';

describe('createSubstringFilter', () => {
  const text = '<html><head><script src="https://cdn.shopify.com/s/files/theme.js"></script></head><body class="template-index">é ✓ done</body></html>';
  const filter = createSubstringFilter(text);

  it('answers exactly as includes for present and absent literals', () => {
    const literals = ['cdn.shopify.com', 'template-index', '<html', 'done</body>', 'é ✓', 'cdn.shopify.net', 'algolia', 'ml>', 'xyz', text];
    expect(literals.map((literal) => [literal, filter.contains(literal)])).toEqual(literals.map((literal) => [literal, text.includes(literal)]));
  });

  it('finds every substring of the text', () => {
    const missed: string[] = [];
    for (let start = 0; start + 3 <= text.length; start += 7) {
      const literal = text.slice(start, start + 3 + (start % 11));
      if (!filter.contains(literal)) missed.push(literal);
    }
    expect(missed).toEqual([]);
  });

  it('handles an empty text', () => {
    expect(createSubstringFilter('').contains('abc')).toBe(false);
  });

  it('answers exactly as includes whatever the text size its bitmap is sized to', () => {
    const words = ['shopify', 'algolia', 'coveo', 'parbase', 'swiftype', 'magento', 'klevu', 'searchspring'];
    for (const size of [12, 600, 5_000, 70_000, 700_000]) {
      let big = '';
      for (let i = 0; big.length < size; i++) big += `<div class="c${i % 97}">${words[i % 3]}-${i}</div>`;
      const sized = createSubstringFilter(big);
      const literals = [...words, 'class="c96"', '-12345<', 'nothing-like-this', big.slice(-20)];
      expect(literals.map((literal) => [size, literal, sized.contains(literal)])).toEqual(literals.map((literal) => [size, literal, big.includes(literal)]));
    }
  });
});
