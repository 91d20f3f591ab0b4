/** Problem types of calls and offers. */
export const CallsProblem = {
  CallNotFound: '/problems/campaigns/call-not-found',
  OfferNotFound: '/problems/campaigns/offer-not-found',
  NotATarget: '/problems/campaigns/not-a-target',
  TargetClosed: '/problems/campaigns/target-closed',
  TargetClaimedByAnother: '/problems/campaigns/target-claimed-by-another',
  ContactNotOfCompany: '/problems/campaigns/contact-not-of-company',
} as const;
