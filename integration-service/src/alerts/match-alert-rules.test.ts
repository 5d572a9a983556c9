import { describe, expect, it } from 'vitest';
import type { DomainAudience } from '../access/account-scope.repository.ts';
import { type AlertSignal, type Recipient, type RuleForMatching, matchAlertRules } from './match-alert-rules.ts';

const signal = (overrides: Partial<AlertSignal> = {}): AlertSignal => ({
  key: 'change:1',
  domain: 'acme-shop.com',
  category: 'search_vendor_change',
  significance: 'critical',
  title: 'Search vendor removed: Algolia',
  body: '',
  changeEventId: '1',
  occurredAt: new Date('2026-11-22T00:00:00Z'),
  audience: { kind: 'account' },
  ...overrides,
});
const audience: DomainAudience = { domain: 'acme-shop.com', assignedUserId: 'ae', accountUserIds: new Set(['ae', 'helper']), territoryUserIds: new Set(['west']), salesforceId: null };
const user = (id: string, overrides: Partial<Recipient> = {}): [string, Recipient] => [id, { id, role: 'ae', teamId: 'sales', alertFrequency: 'immediate', hasOwnRules: false, ...overrides }];
const users = new Map([user('ae'), user('helper', { hasOwnRules: true }), user('west', { hasOwnRules: true }), user('other', { hasOwnRules: true }), user('boss', { role: 'manager' }), user('root', { role: 'admin', teamId: null })]);
const rule = (overrides: Partial<RuleForMatching>): RuleForMatching => ({
  id: 'r',
  ownerUserId: null,
  teamId: null,
  memberUserIds: [],
  scope: 'my_accounts',
  domains: [],
  categories: [],
  minSignificance: 'high',
  channels: ['in_app'],
  frequency: 'immediate',
  slackChannelId: null,
  ...overrides,
});
const recipients = (drafts: ReturnType<typeof matchAlertRules>) => drafts.map((d) => d.recipientUserId).sort();

describe('matchAlertRules', () => {
  it('gives the assigned AE without rules of their own a default alert for high and critical news', () => {
    expect(matchAlertRules(signal(), [], audience, users)).toEqual([{ recipientUserId: 'ae', ruleId: null, channels: ['in_app', 'slack'], frequency: 'immediate', slackDirect: true, slackChannelIds: [] }]);
    expect(matchAlertRules(signal({ significance: 'medium' }), [], audience, users)).toEqual([]);
  });

  it('applies each scope: my accounts, my territory, a list of domains, everything', () => {
    const rules = [
      rule({ id: 'mine', ownerUserId: 'helper', scope: 'my_accounts' }),
      rule({ id: 'territory', ownerUserId: 'west', scope: 'my_territory' }),
      rule({ id: 'list', ownerUserId: 'other', scope: 'domains', domains: ['other-shop.com'] }),
    ];
    expect(recipients(matchAlertRules(signal(), rules, audience, users))).toEqual(['ae', 'helper', 'west']);
    expect(recipients(matchAlertRules(signal(), [rule({ ownerUserId: 'other', scope: 'domains', domains: ['acme-shop.com'] })], audience, users))).toEqual(['ae', 'other']);
  });

  it('filters by category and minimum significance; no categories means every intel change', () => {
    const execOnly = rule({ ownerUserId: 'helper', categories: ['executive_change'], minSignificance: 'low' });
    expect(recipients(matchAlertRules(signal(), [execOnly], audience, users))).toEqual(['ae']);
    expect(recipients(matchAlertRules(signal({ category: 'executive_change', significance: 'low' }), [execOnly], audience, users))).toEqual(['helper']);
    expect(recipients(matchAlertRules(signal({ significance: 'medium' }), [rule({ ownerUserId: 'helper', minSignificance: 'high' })], audience, users))).toEqual([]);
  });

  it('makes one alert per person however many rules match, merging channels and taking the sooner frequency', () => {
    const rules = [
      rule({ id: 'first', ownerUserId: 'helper', channels: ['in_app'], frequency: 'daily_digest' }),
      rule({ id: 'second', ownerUserId: 'helper', channels: ['slack'], frequency: 'immediate', slackChannelId: 'C0TEAM' }),
      rule({ id: 'team', teamId: 'sales', memberUserIds: ['helper', 'boss'], scope: 'all', channels: ['slack'] }),
    ];
    const drafts = matchAlertRules(signal(), rules, audience, users);
    expect(drafts.find((d) => d.recipientUserId === 'helper')).toEqual({ recipientUserId: 'helper', ruleId: 'first', channels: ['in_app', 'slack'], frequency: 'immediate', slackDirect: true, slackChannelIds: ['C0TEAM'] });
    expect(recipients(drafts)).toEqual(['ae', 'boss', 'helper']);
  });

  it('skips deactivated users', () => {
    expect(matchAlertRules(signal(), [rule({ ownerUserId: 'gone', scope: 'all' })], { ...audience, assignedUserId: null }, users)).toEqual([]);
  });

  it("sends budget news to the team's managers and the admins, and to rules naming the category", () => {
    const budget = signal({ key: 'budget-threshold:sales:all:2026-11', domain: 'budget', category: 'budget_threshold', significance: 'high', changeEventId: null, audience: { kind: 'budget', teamId: 'sales' } });
    expect(recipients(matchAlertRules(budget, [rule({ ownerUserId: 'helper', scope: 'all' })], audience, users))).toEqual(['boss', 'root']);
    expect(recipients(matchAlertRules(budget, [rule({ ownerUserId: 'helper', categories: ['budget_threshold'] })], audience, users))).toEqual(['boss', 'helper', 'root']);
    expect(recipients(matchAlertRules({ ...budget, audience: { kind: 'budget', teamId: null } }, [], audience, users))).toEqual(['root']);
  });
});
