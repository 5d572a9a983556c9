import { describe, expect, it } from 'vitest';
import { onTierColor, tierColor, tokens, tokensToCssVariables } from './tokens.ts';

describe('design tokens', () => {
  it('gives every tier a colour and a readable text colour', () => {
    expect(tierColor('hot')).toBe(tokens.color.tier.hot);
    expect(tierColor(null)).toBe(tokens.color.unscored);
    expect(onTierColor('warm')).toBe('#1c1917');
  });

  it('renders every leaf as a CSS custom property named by its path', () => {
    const css = tokensToCssVariables();
    expect(css).toContain('--pf-color-tier-hot: #ef4444;');
    expect(css).toContain('--pf-color-surface-muted: #f5f7ff;');
    expect(css).toContain('--pf-font-size-sm: 12px;');
    expect(css).toContain('--pf-z-index-overlay: 2147483000;');
    expect(css.split('\n').every((line) => /^--pf-[a-z-]+: [^;]+;$/.test(line))).toBe(true);
  });
});
