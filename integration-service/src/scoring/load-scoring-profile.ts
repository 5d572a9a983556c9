import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ScoringProfileSchema, type ScoringProfile } from './scoring-profile.ts';

/** The profile shipped with the service: DESIGN.md's ICP defaults. */
export const DEFAULT_SCORING_PROFILE_PATH = fileURLToPath(new URL('./default-profile.json', import.meta.url));

/** A profile file that cannot be read, is not JSON, or breaks the schema; `issues` names each problem. */
export class InvalidScoringProfileError extends Error {
  override readonly name = 'InvalidScoringProfileError';
  constructor(
    readonly path: string,
    readonly issues: readonly string[],
    options?: ErrorOptions,
  ) {
    super(`Invalid scoring profile ${path}: ${issues.join('; ')}`, options);
  }
}

/**
 * Reads and validates a scoring profile JSON file (default: the bundled one). Throws
 * {@link InvalidScoringProfileError} listing every zod issue as `path: message`.
 */
export async function loadScoringProfile(path: string = DEFAULT_SCORING_PROFILE_PATH): Promise<ScoringProfile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InvalidScoringProfileError(path, [`cannot read file (${(error as Error).message})`], { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InvalidScoringProfileError(path, [`not valid JSON (${(error as Error).message})`], { cause: error });
  }
  const result = ScoringProfileSchema.safeParse(json);
  if (!result.success) {
    throw new InvalidScoringProfileError(path, result.error.issues.map(describeIssue), { cause: result.error });
  }
  return result.data;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
  return `${where}: ${issue.message}`;
}
