import { text } from 'node:stream/consumers';
import type { Config } from '../../config/config.ts';
import { parseOrThrow } from '../../errors/validate.ts';
import { loadScoringProfile } from '../../scoring/load-scoring-profile.ts';
import { scoreAccount } from '../../scoring/score-account.ts';
import { ScoreInputSchema } from '../../scoring/score-input.ts';
import { type CliIo, UsageError } from '../cli-context.ts';

export const scoreUsage = 'pf score < account.json                 score {vertical, monthlyVisits, techSpendUsd, technologies} from stdin';

/** Scores one account read as JSON from stdin and prints `{ score, tier, breakdown }`. */
export async function scoreCommand(config: Config, io: CliIo, stdin: NodeJS.ReadableStream = process.stdin): Promise<void> {
  const raw = await text(stdin);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new UsageError('pf score expects a JSON object on stdin, e.g. {"vertical":"Commerce","monthlyVisits":12000000}');
  }
  const input = parseOrThrow(ScoreInputSchema, json, 'score input');
  const profile = await loadScoringProfile(config.scoringProfilePath);
  io.out(JSON.stringify(scoreAccount(input, profile)));
}
