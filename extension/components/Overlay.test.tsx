import { buildCardViewModel } from '@partnerforge/shared/ui';
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { useState } from 'preact/hooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sampleIntel } from '@partnerforge/shared/testing';
import type { CardState } from '../utils/card-state.ts';
import { Overlay } from './Overlay.tsx';

const state: CardState = { kind: 'card', card: buildCardViewModel({ intel: sampleIntel(), role: 'ae', links: { brief: 'https://pf.example.com/briefs/acme-shop.com' } }) };

/** The overlay with its collapsed state held like the content script holds it. */
function Harness({ initial, onChange }: { initial: boolean; onChange: (collapsed: boolean) => void }) {
  const [collapsed, setCollapsed] = useState(initial);
  return (
    <Overlay
      state={state}
      collapsed={collapsed}
      onCollapsedChange={(value) => {
        setCollapsed(value);
        onChange(value);
      }}
    />
  );
}

afterEach(cleanup);

describe('Overlay', () => {
  it('is a labelled landmark whose toggle is a real button, reachable from the keyboard', () => {
    render(<Harness initial={false} onChange={() => undefined} />);
    expect(screen.getByRole('complementary', { name: 'PartnerForge account intel' })).toBeTruthy();
    const toggle = screen.getByRole('button', { name: /PartnerForge/ });
    expect(toggle.tagName).toBe('BUTTON');
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(toggle.getAttribute('aria-controls')).toBe('pf-overlay-body');
    expect(toggle.textContent).toContain('82 · Hot');
  });

  it('collapses and expands with the toggle, reporting each change', () => {
    const onChange = vi.fn<(collapsed: boolean) => void>();
    render(<Harness initial={false} onChange={onChange} />);
    const toggle = screen.getByRole('button', { name: /PartnerForge/ });
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByRole('article')).toBeNull();
    fireEvent.click(toggle);
    expect(screen.getByRole('article')).toBeTruthy();
    expect(onChange.mock.calls).toEqual([[true], [false]]);
  });

  it('closes on Esc from inside the card and gives focus back to the toggle', () => {
    const onChange = vi.fn<(collapsed: boolean) => void>();
    render(<Harness initial={false} onChange={onChange} />);
    const link = screen.getByRole('link', { name: 'Open brief' });
    link.focus();
    fireEvent.keyDown(link, { key: 'Escape' });
    expect(onChange).toHaveBeenCalledWith(true);
    expect(screen.queryByRole('article')).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: /PartnerForge/ }));
  });

  it('starts collapsed when that was the remembered choice, still showing the tier', () => {
    render(<Harness initial={true} onChange={() => undefined} />);
    expect(screen.queryByRole('article')).toBeNull();
    expect(screen.getByRole('button', { name: /PartnerForge/ }).getAttribute('aria-expanded')).toBe('false');
    expect((document.querySelector('.pf-overlay__dot') as HTMLElement).style.getPropertyValue('--pf-tier-bg')).toBe('#ef4444');
  });

  it('takes focus when asked (the keyboard shortcut)', () => {
    const { rerender } = render(<Overlay state={state} collapsed={false} onCollapsedChange={() => undefined} />);
    rerender(<Overlay state={state} collapsed={false} onCollapsedChange={() => undefined} focusRequest={1} />);
    expect(document.activeElement).toBe(screen.getByRole('button', { name: /PartnerForge/ }));
  });
});
