export const CampaignsProblem = {
  NotFound: '/problems/campaigns/not-found',
  NotActive: '/problems/campaigns/not-active',
  Closed: '/problems/campaigns/closed',
  StatusTransition: '/problems/campaigns/status-transition',
} as const;
