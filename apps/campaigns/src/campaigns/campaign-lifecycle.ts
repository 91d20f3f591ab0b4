import type { CampaignStatus } from '@app/contracts';

/** draft → active ⇄ paused → closed, and draft → closed; closed is final (docs/campaigns.md). */
export const NEXT_STATUSES: Readonly<Record<CampaignStatus, readonly CampaignStatus[]>> = {
  draft: ['active', 'closed'],
  active: ['paused', 'closed'],
  paused: ['active', 'closed'],
  closed: [],
};

export const canBecome = (from: CampaignStatus, to: CampaignStatus): boolean => NEXT_STATUSES[from].includes(to);
