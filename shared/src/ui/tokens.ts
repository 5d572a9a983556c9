import type { Tier } from '../schemas/intel.ts';

/**
 * The one set of design tokens of every PartnerForge surface: the extension's popup and
 * overlay, and the server-rendered brief page. Colours are hex so they work in CSS, in SVG and
 * in `chrome.action.setBadgeBackgroundColor`. Tier colours come from the priority palette
 * (hot red, warm amber, cool blue, cold slate); the brand colours from the Algolia palette.
 */
export const tokens = {
  color: {
    tier: { hot: '#ef4444', warm: '#f59e0b', cool: '#3b82f6', cold: '#94a3b8' } satisfies Record<Tier, string>,
    /** Text drawn on a tier colour, chosen for contrast (amber and slate need dark text). */
    onTier: { hot: '#ffffff', warm: '#1c1917', cool: '#ffffff', cold: '#0f172a' } satisfies Record<Tier, string>,
    /** A card that has no score yet. */
    unscored: '#cbd5e1',
    brand: '#003dff',
    brandSoft: '#5468ff',
    surface: '#ffffff',
    surfaceMuted: '#f5f7ff',
    surfaceInverse: '#21243d',
    text: '#21243d',
    textMuted: '#5a5e7a',
    textInverse: '#ffffff',
    border: '#d6d9e8',
    focus: '#5468ff',
    warning: '#b45309',
    warningSoft: '#fef3c7',
    danger: '#b91c1c',
    dangerSoft: '#fee2e2',
  },
  space: { xs: '4px', sm: '8px', md: '12px', lg: '16px', xl: '24px' },
  radius: { sm: '4px', md: '8px', lg: '12px', pill: '999px' },
  font: {
    family: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
    size: { xs: '11px', sm: '12px', md: '14px', lg: '16px', xl: '24px' },
    weight: { regular: '400', medium: '500', bold: '650' },
    lineHeight: '1.4',
  },
  shadow: { raised: '0 8px 24px rgba(33, 36, 61, 0.24)' },
  /** Above nearly everything a host page stacks (the largest 32-bit z-index is 2147483647). */
  zIndex: { overlay: '2147483000' },
} as const;

export type DesignTokens = typeof tokens;

/** Colour of a tier, or of "not scored yet" for null. */
export function tierColor(tier: Tier | null): string {
  return tier === null ? tokens.color.unscored : tokens.color.tier[tier];
}

/** Text colour readable on {@link tierColor}. */
export function onTierColor(tier: Tier | null): string {
  return tier === null ? tokens.color.text : tokens.color.onTier[tier];
}

/**
 * The tokens as CSS custom properties, one per leaf, named by path:
 * `--pf-color-tier-hot`, `--pf-space-md`, `--pf-font-size-sm`. Put the result inside a rule
 * (`:host { … }` in a shadow root, `:root { … }` on a page) and style with `var(--pf-…)`.
 */
export function tokensToCssVariables(source: object = tokens, prefix = '--pf'): string {
  const lines: string[] = [];
  const walk = (node: object, path: string) => {
    for (const [key, value] of Object.entries(node)) {
      const name = `${path}-${kebab(key)}`;
      if (typeof value === 'object' && value !== null) walk(value as object, name);
      else lines.push(`${name}: ${String(value)};`);
    }
  };
  walk(source, prefix);
  return lines.join('\n');
}

function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}
