import type { EnrichmentJob } from '@partnerforge/shared/schemas';
import { escapeMrkdwn, truncate } from './format.ts';

/**
 * The short ephemeral messages of `/pf`: help, acknowledgements, progress and every error an AE
 * can meet. Each says what happened and what to do next; pure, tested without Slack.
 */
export interface EphemeralMessage {
  response_type: 'ephemeral';
  text: string;
  /** Replace the message this answers (the "Looking up…" line) instead of adding one. */
  replace_original?: boolean;
}

function ephemeral(text: string, replaceOriginal?: boolean): EphemeralMessage {
  return replaceOriginal === undefined ? { response_type: 'ephemeral', text } : { response_type: 'ephemeral', text, replace_original: replaceOriginal };
}

export function buildHelpMessage(): EphemeralMessage {
  return ephemeral(
    [
      '*PartnerForge in Slack*',
      '`/pf costco.com` shows the account\'s intel card: priority, score and why, technologies (search vendor and partner platforms first), traffic, financials and the latest significant changes.',
      'A URL (`/pf https://www.costco.com/tvs`) or an e-mail address (`/pf jane@costco.com`) works too.',
      'Accounts never enriched, or due for a refresh, are enriched first; the card follows when it is ready.',
      'Alerts on your accounts arrive as direct messages, right away or in a daily digest, as your PartnerForge settings say. Your hottest accounts are on the app\'s Home tab.',
    ].join('\n'),
  );
}

export function buildLookingUpMessage(domain: string): EphemeralMessage {
  return ephemeral(`:mag: Looking up ${escapeMrkdwn(domain)}…`);
}

export function buildReenrichingMessage(domain: string): EphemeralMessage {
  return ephemeral(`:arrows_counterclockwise: Re-enriching ${escapeMrkdwn(domain)}…`, true);
}

/** Why `/pf` could not take its argument. */
export type InputProblem =
  | { kind: 'empty' }
  | { kind: 'several'; text: string }
  | { kind: 'private'; text: string }
  | { kind: 'ip'; text: string }
  | { kind: 'invalid'; text: string; reason: string };

/** What the user typed, quoted as inline code (backticks inside it would end the quote). */
function shown(text: string): string {
  return `\`${escapeMrkdwn(truncate(text, 100)).replace(/`/g, "'")}\``;
}

export function buildInputErrorMessage(problem: InputProblem): EphemeralMessage {
  switch (problem.kind) {
    case 'empty':
      return ephemeral('Which company? Try `/pf costco.com`: a domain, a URL or an e-mail address. `/pf help` says more.');
    case 'several':
      return ephemeral(`One company at a time, please: ${shown(problem.text)} has several words. Try \`/pf costco.com\`.`);
    case 'private':
      return ephemeral(`${shown(problem.text)} is an internal or private address. PartnerForge only looks up public company domains such as \`costco.com\`.`);
    case 'ip':
      return ephemeral(`${shown(problem.text)} is an IP address. Use the company's domain instead, such as \`costco.com\`.`);
    case 'invalid':
      return ephemeral(`${shown(problem.text)} is not a company domain (${escapeMrkdwn(problem.reason)}). Try \`/pf costco.com\`, a URL or an e-mail address.`);
  }
}

export function buildUnknownUserMessage(email: string | undefined): EphemeralMessage {
  if (!email) {
    return ephemeral(
      ':lock: I can\'t see an e-mail address on your Slack profile, so I can\'t tell who you are in PartnerForge and can\'t show account intel. Ask your Slack admin to make e-mail addresses visible to apps.',
      true,
    );
  }
  return ephemeral(
    `:lock: You are not a PartnerForge user yet (I looked for ${escapeMrkdwn(email)}), so I can't show account intel. Ask a PartnerForge admin to add you: \`pf users add --email ${escapeMrkdwn(email)} --role ae\`.`,
    true,
  );
}

/** Errors of the service, by its error code, for a lookup of `domain`. */
export function buildServiceErrorMessage(domain: string, code: string, detail?: string): EphemeralMessage {
  const d = escapeMrkdwn(domain);
  switch (code) {
    case 'unavailable':
      return ephemeral(`:warning: PartnerForge can't be reached right now, so I couldn't look up ${d}. Try again in a minute; if it keeps happening, tell your PartnerForge admin.`, true);
    case 'budget_exceeded':
      return buildBudgetMessage(domain);
    case 'rate_limited':
      return ephemeral(`:hourglass: PartnerForge is busy with many lookups; try ${d} again in a minute.`, true);
    case 'unauthorized':
    case 'forbidden':
      return ephemeral(':no_entry: PartnerForge refused the Slack app\'s service key, so no lookup can run. Tell your PartnerForge admin (PF_SERVICE_API_KEY must be an admin key).', true);
    case 'validation_failed':
      return ephemeral(`${d} is not a company domain${detail ? ` (${escapeMrkdwn(truncate(detail, 200))})` : ''}. Try \`/pf costco.com\`.`, true);
    default:
      return ephemeral(`:warning: Something went wrong looking up ${d} (${escapeMrkdwn(code)}). Try again; if it keeps failing, tell your PartnerForge admin.`, true);
  }
}

export function buildBudgetMessage(domain: string): EphemeralMessage {
  return ephemeral(
    `:money_with_wings: Your team's PartnerForge budget cap is reached, so ${escapeMrkdwn(domain)} can't be enriched from paid sources right now. Ask your manager to raise the monthly cap, or try again next month.`,
    true,
  );
}

const MODULE_LABELS: Record<string, string> = {
  'website.fingerprint': 'website',
  'company.context': 'company',
  'tech.builtwith': 'BuiltWith',
  'traffic.similarweb': 'traffic',
  'financials.yahoo': 'financials',
  score: 'score',
};
const MODULE_STATE_ICON: Record<string, string> = {
  completed: ':white_check_mark:',
  cached: ':white_check_mark:',
  running: ':hourglass_flowing_sand:',
  pending: ':white_circle:',
  failed: ':x:',
  skipped: ':heavy_minus_sign:',
};

export function buildProgressMessage(job: EnrichmentJob): EphemeralMessage {
  const modules = Object.entries(job.modules)
    .filter(([, run]) => run.status !== 'skipped')
    .map(([id, run]) => `${MODULE_STATE_ICON[run.status] ?? ''} ${MODULE_LABELS[id] ?? id}`)
    .join('  ');
  return ephemeral(`:hourglass_flowing_sand: Enriching ${escapeMrkdwn(job.domain)}… ${job.progress}%${modules ? `\n${modules}` : ''}`, true);
}

/** A finished enrichment that produced nothing to show. */
export function buildEnrichmentFailedMessage(job: EnrichmentJob): EphemeralMessage {
  const errors = Object.entries(job.modules)
    .filter(([, run]) => run.status === 'failed')
    .map(([id, run]) => `• ${MODULE_LABELS[id] ?? id}: ${escapeMrkdwn(truncate(run.error?.message ?? 'failed', 200))}`);
  return ephemeral(
    [`:x: Enriching ${escapeMrkdwn(job.domain)} failed, so there is no card to show yet.`, ...errors, 'Try `/pf` again later; if it keeps failing, tell your PartnerForge admin.'].join('\n'),
    true,
  );
}

export function buildStillRunningMessage(domain: string): EphemeralMessage {
  return ephemeral(`:hourglass: ${escapeMrkdwn(domain)} is still being enriched. Run \`/pf ${escapeMrkdwn(domain)}\` again in a few minutes to see the card.`, true);
}
