import type { StageTriggerSource } from '@partnerforge/migrations/schema';

/** An Opportunity entering a stage, as any of the three paths (CDC, polling, Flow webhook) saw it. */
export interface StageMove {
  /** 18-character Opportunity id. */
  opportunityId: string;
  /** The stage entered (Opportunity.StageName). */
  stageName: string;
  previousStageName?: string;
  /** When the Opportunity entered the stage; repeats of one move carry (about) the same time. */
  changedAt: Date;
  source: StageTriggerSource;
  /** The Opportunity's Account id when the path knows it (CDC update events do not carry it). */
  accountSalesforceId?: string;
  /** The Account's Website when the path knows it. */
  website?: string;
  /** What identifies this delivery (replay id, SystemModstamp, …), for the log trail. */
  eventKey?: string;
}

export type StageMoveResult =
  | { outcome: 'ignored'; reason: 'stage_not_configured' }
  | { outcome: 'duplicate' }
  | { outcome: 'no_account'; reason: string }
  | { outcome: 'no_website'; accountSalesforceId: string }
  | { outcome: 'enqueued'; jobId: string; accountId: string; domain: string; deduplicated: boolean };

/**
 * Two reports of the same (Opportunity, stage) within this window are one move: the CDC commit
 * time, LastStageChangeDate and a Flow's clock differ by a second or so for one edit.
 */
export const SAME_MOVE_WINDOW_MS = 60_000;

/** Stage names compare like Salesforce picklist values a person typed into a variable: trimmed, any case. */
export function isTriggerStage(stages: readonly string[], stageName: string): boolean {
  const wanted = stageName.trim().toLowerCase();
  return stages.some((stage) => stage.trim().toLowerCase() === wanted);
}
