import { describe, expect, it } from 'vitest';
import { parsePfCommand } from './parse-pf-command.ts';

describe('parsePfCommand', () => {
  it.each([
    ['costco.com', 'costco.com'],
    ['  COSTCO.com  ', 'costco.com'],
    ['https://www.costco.com/tvs?ref=slack', 'costco.com'],
    ['jane.doe@costco.com', 'costco.com'],
    ['shop.costco.co.uk', 'costco.co.uk'],
    // How Slack sends links and addresses when it formats them.
    ['<http://costco.com|costco.com>', 'costco.com'],
    ['<https://www.costco.com/>', 'costco.com'],
    ['<mailto:jane@costco.com|jane@costco.com>', 'costco.com'],
  ])('reads %j as %s', (text, domain) => {
    expect(parsePfCommand(text)).toEqual({ kind: 'lookup', domain });
  });

  it.each(['help', 'HELP', '?', '--help'])('reads %j as help', (text) => {
    expect(parsePfCommand(text)).toEqual({ kind: 'help' });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['costco.com walmart.com', 'several'],
    ['10.0.0.8', 'private'],
    ['172.20.1.1', 'private'],
    ['127.0.0.1', 'private'],
    ['169.254.169.254', 'private'],
    ['https://192.168.1.20:8443/login', 'private'],
    ['::1', 'private'],
    ['[fd00::1]', 'private'],
    ['localhost', 'private'],
    ['printer.local', 'private'],
    ['jira.corp', 'private'],
    ['ops@build.internal', 'private'],
    ['8.8.8.8', 'ip'],
    ['2001:4860:4860::8888', 'ip'],
    ['costco', 'invalid'],
    ['ftp://costco.com', 'invalid'],
    ['https://user:pw@costco.com', 'invalid'],
    ['co.uk', 'invalid'],
  ])('refuses %j as %s', (text, kind) => {
    const parsed = parsePfCommand(text);
    expect(parsed.kind).toBe('invalid');
    expect(parsed.kind === 'invalid' && parsed.problem.kind).toBe(kind);
  });
});
