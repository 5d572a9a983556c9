import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BackgroundRequest, ConnectResult, SendToBackground } from '../utils/messages.ts';
import { OptionsForm } from './OptionsForm.tsx';

afterEach(cleanup);

function fill(url: string, key: string) {
  fireEvent.input(screen.getByLabelText('Service URL'), { target: { value: url } });
  fireEvent.input(screen.getByLabelText(/API key/), { target: { value: key } });
}

describe('OptionsForm', () => {
  it('asks for the service origin only on save, then tests the key and reports who it belongs to', async () => {
    const order: string[] = [];
    const requestPermission = vi.fn<(pattern: string) => Promise<boolean>>(async (pattern) => (order.push(`permission ${pattern}`), true));
    const send = vi.fn<(request: BackgroundRequest) => Promise<ConnectResult>>(async (request) => {
      order.push(request.type);
      return { ok: true, me: { id: 'u1', email: 'ada@example.com', name: null, role: 'ae', team: null, key: { prefix: 'pf_abc', scopes: ['read'] } } } satisfies ConnectResult;
    }) as unknown as SendToBackground;
    render(<OptionsForm initial={null} requestPermission={requestPermission} send={send} />);
    expect(requestPermission).not.toHaveBeenCalled();

    fill('https://pf.example.com:8443/', 'pf_abcdefgh_secret');
    fireEvent.submit(screen.getByRole('button', { name: 'Test and save' }).closest('form') as HTMLFormElement);
    expect(await screen.findByText('Connected as ada@example.com (ae). Saved.')).toBeTruthy();
    expect(order).toEqual(['permission https://pf.example.com/*', 'settings.connect']);
    expect(send).toHaveBeenCalledWith({ type: 'settings.connect', serviceUrl: 'https://pf.example.com:8443/', apiKey: 'pf_abcdefgh_secret', badgeForEverySite: false });
  });

  it('does not test or save when access to the service is refused', async () => {
    const send = vi.fn<() => Promise<ConnectResult>>();
    render(<OptionsForm initial={null} requestPermission={async () => false} send={send as unknown as SendToBackground} />);
    fill('https://pf.example.com', 'pf_abcdefgh_secret');
    fireEvent.submit(screen.getByRole('button', { name: 'Test and save' }).closest('form') as HTMLFormElement);
    expect((await screen.findByText(/was not granted/)).textContent).toContain('https://pf.example.com');
    expect(send).not.toHaveBeenCalled();
  });

  it('shows why the service refused the key', async () => {
    const send = vi.fn<() => Promise<ConnectResult>>(async () => ({ ok: false, error: { kind: 'unauthorized', message: 'The service refused the API key: The API key was revoked' } })) as unknown as SendToBackground;
    render(<OptionsForm initial={{ serviceUrl: 'https://pf.example.com', apiKey: 'pf_old', badgeForEverySite: true }} requestPermission={async () => true} send={send} />);
    expect((screen.getByLabelText('Service URL') as HTMLInputElement).value).toBe('https://pf.example.com');
    expect((screen.getByRole('checkbox') as HTMLInputElement).checked).toBe(true);
    fireEvent.submit(screen.getByRole('button', { name: 'Test and save' }).closest('form') as HTMLFormElement);
    expect(await screen.findByText('The service refused the API key: The API key was revoked')).toBeTruthy();
  });
});
