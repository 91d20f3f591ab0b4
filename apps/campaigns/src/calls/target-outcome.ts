import { type CallOutcome, isReached, MAX_ATTEMPTS, RETRY_OUTCOMES, type TargetStatus } from '@app/contracts';

/** How the target is scheduled after a call: held back for a retry, due at its callback, or out of the queue. */
export type TargetSchedule = 'retry' | 'callback' | 'none';

/** Where a call leaves its target (docs/campaigns.md, "A call"), and what it changes in the rollups. */
export interface TargetAfterCall {
  status: Extract<TargetStatus, 'pending' | 'callback' | 'done' | 'excluded'>;
  /** The queue tier when the target stays in the queue (0 callbacks, 2 retries); null: unchanged. */
  queueTier: 0 | 2 | null;
  schedule: TargetSchedule;
  /** This call made the target contacted / reached for the first time in the campaign. */
  firstContact: boolean;
  firstReach: boolean;
  /** The call itself reached someone (the per-caller and per-day rollups count these). */
  reaching: boolean;
}

/** The target as the call finds it. */
export interface TargetBeforeCall {
  attempts: number;
  contacted: boolean;
  reached: boolean;
}

export function targetAfterCall(outcome: CallOutcome, before: TargetBeforeCall): TargetAfterCall {
  const reaching = isReached(outcome);
  const counts = { firstContact: !before.contacted, firstReach: reaching && !before.reached, reaching };
  if (RETRY_OUTCOMES.includes(outcome)) {
    // This call is attempt number attempts + 1: the last one allowed ends the target.
    if (before.attempts + 1 >= MAX_ATTEMPTS) return { status: 'done', queueTier: null, schedule: 'none', ...counts };
    return { status: 'pending', queueTier: 2, schedule: 'retry', ...counts };
  }
  if (outcome === 'callback') return { status: 'callback', queueTier: 0, schedule: 'callback', ...counts };
  if (outcome === 'do_not_call') return { status: 'excluded', queueTier: null, schedule: 'none', ...counts };
  return { status: 'done', queueTier: null, schedule: 'none', ...counts };
}
