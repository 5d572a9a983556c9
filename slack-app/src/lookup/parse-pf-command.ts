import { isIP } from 'node:net';
import { normalizeDomain } from '@partnerforge/shared/domain';
import type { InputProblem } from '../views/messages-builder.ts';

export type PfCommand = { kind: 'help' } | { kind: 'lookup'; domain: string } | { kind: 'invalid'; problem: InputProblem };

/** Names that only exist inside a network (RFC 6762, RFC 8375, common intranet suffixes). */
const INTERNAL_SUFFIXES = ['localhost', 'local', 'localdomain', 'internal', 'intranet', 'corp', 'lan', 'home', 'home.arpa', 'private'];

/**
 * Reads the text after `/pf`: `help`, or one domain, URL or e-mail address, which becomes the
 * registrable domain. Slack may send links as `<http://costco.com|costco.com>` and addresses as
 * `<mailto:a@b.com|a@b.com>`; both are unwrapped first. Pure and fast: it runs before the ack.
 */
export function parsePfCommand(text: string): PfCommand {
  const trimmed = text.trim();
  if (trimmed === '') return { kind: 'invalid', problem: { kind: 'empty' } };
  if (/^(help|\?|-h|--help)$/i.test(trimmed)) return { kind: 'help' };
  const words = trimmed.split(/\s+/);
  if (words.length > 1) return { kind: 'invalid', problem: { kind: 'several', text: trimmed } };
  const input = unwrapSlackLink(trimmed);

  const host = hostOf(input);
  if (host !== undefined) {
    const ipVersion = isIP(host);
    if (ipVersion !== 0) return { kind: 'invalid', problem: { kind: isPrivateIp(host, ipVersion) ? 'private' : 'ip', text: input } };
    if (isInternalName(host)) return { kind: 'invalid', problem: { kind: 'private', text: input } };
  }
  const normalized = normalizeDomain(input);
  if (!normalized.ok) return { kind: 'invalid', problem: { kind: 'invalid', text: input, reason: normalized.reason } };
  return { kind: 'lookup', domain: normalized.domain };
}

function unwrapSlackLink(text: string): string {
  const match = /^<([^|>]+)(?:\|[^>]*)?>$/.exec(text);
  return match?.[1] ? match[1].replace(/^mailto:/i, '') : text;
}

/** The host of a domain, URL or e-mail address, lower case, without brackets or a trailing dot. */
function hostOf(input: string): string | undefined {
  const email = /^[^\s@/:]+@([^\s@/]+)$/.exec(input);
  const candidate = email?.[1] ?? input;
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(candidate)?.[1]?.toLowerCase();
  // Other schemes are refused by normalizeDomain, which says so.
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') return undefined;
  const withScheme = scheme ? candidate : `http://${candidate.replace(/^\/\//, '')}`;
  try {
    return new URL(withScheme).hostname.replace(/^\[|\]$/g, '').replace(/\.+$/, '').toLowerCase();
  } catch {
    // A bare IPv6 address is no valid authority without brackets.
    return isIP(candidate) === 6 ? candidate.toLowerCase() : undefined;
  }
}

function isInternalName(host: string): boolean {
  return INTERNAL_SUFFIXES.some((suffix) => host === suffix || host.endsWith(`.${suffix}`));
}

function isPrivateIp(address: string, version: number): boolean {
  if (version === 4) {
    const [a = 0, b = 0] = address.split('.').map(Number);
    return a === 10 || a === 127 || a === 0 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127);
  }
  const lower = address.toLowerCase();
  if (lower === '::1' || lower === '::') return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (mapped?.[1]) return isPrivateIp(mapped[1], 4);
  return /^f[cd]/.test(lower) || /^fe[89ab]/.test(lower);
}
