export const CampaignsProblem = {
  NotFound: '/problems/campaigns/not-found',
  NotActive: '/problems/campaigns/not-active',
  Closed: '/problems/campaigns/closed',
  StatusTransition: '/problems/campaigns/status-transition',
  /** 422: `conventionId` names a convention the campaign's organisation is not a party of (docs/sharing.md). */
  NotAParty: '/problems/campaigns/not-a-party',
} as const;
