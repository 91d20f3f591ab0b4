export const ConventionsProblem = {
  NotFound: '/problems/conventions/not-found',
  ActionNotFound: '/problems/conventions/action-not-found',
  IndicatorNotFound: '/problems/conventions/indicator-not-found',
  UnknownOrganizations: '/problems/conventions/unknown-organizations',
  SignatoryRequired: '/problems/conventions/signatory-required',
  NotAParty: '/problems/conventions/not-a-party',
  UnknownAxis: '/problems/conventions/unknown-axis',
  StillReferenced: '/problems/conventions/still-referenced',
  NotManual: '/problems/conventions/indicator-not-manual',
  CampaignNotInConvention: '/problems/conventions/campaign-not-in-convention',
} as const;
