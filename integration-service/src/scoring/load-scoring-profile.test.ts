import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidScoringProfileError, loadScoringProfile } from './load-scoring-profile.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pf-profile-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function profileFile(name: string, content: unknown): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

async function refusal(path: string): Promise<InvalidScoringProfileError> {
  const error = await loadScoringProfile(path).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(InvalidScoringProfileError);
  return error as InvalidScoringProfileError;
}

describe('loadScoringProfile', () => {
  it('loads the bundled default profile with DESIGN.md weights', async () => {
    const profile = await loadScoringProfile();
    expect(profile.vertical.points).toEqual({ Commerce: 40, 'Content/Media': 25 });
    expect(profile.traffic.thresholds.map((t) => [t.minVisits, t.points])).toEqual([
      [50_000_000, 30],
      [10_000_000, 25],
      [1_000_000, 15],
    ]);
    expect(profile.techSpend.thresholds.map((t) => [t.minUsd, t.points])).toEqual([
      [100_000, 20],
      [50_000, 15],
    ]);
    expect(profile.partnerTechnology.points).toEqual({ Adobe: 10, Shopify: 7 });
    expect(profile.tiers).toEqual({ hot: 80, warm: 60, cool: 40 });
  });

  it('refuses a profile that breaks the schema, naming each issue', async () => {
    const defaults = await loadScoringProfile();
    const path = await profileFile('bad.json', {
      ...defaults,
      traffic: { thresholds: [{ minVisits: 1_000_000, points: -5 }] },
      tiers: { hot: 60, warm: 80, cool: 40 },
      vertical: { points: { Commerce: 40 }, aliases: { Retail: 'Shopping' } },
    });
    const error = await refusal(path);
    expect(error.path).toBe(path);
    expect(error.issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^traffic\.thresholds\.0\.points: /),
        expect.stringMatching(/^tiers: tiers must descend/),
        expect.stringMatching(/^vertical\.aliases\.Retail: alias points at "Shopping"/),
      ]),
    );
    expect(error.message).toContain('traffic.thresholds.0.points');
  });

  it('refuses an unknown key (a typo would otherwise be ignored)', async () => {
    const defaults = await loadScoringProfile();
    const error = await refusal(await profileFile('typo.json', { ...defaults, teir: {} }));
    expect(error.issues.join('\n')).toMatch(/teir/);
  });

  it('refuses a file that is not JSON', async () => {
    const error = await refusal(await profileFile('broken.json', '{ "vertical": '));
    expect(error.issues[0]).toMatch(/not valid JSON/);
  });

  it('refuses a missing file', async () => {
    const error = await refusal(join(dir, 'nope.json'));
    expect(error.issues[0]).toMatch(/cannot read file/);
  });
});
