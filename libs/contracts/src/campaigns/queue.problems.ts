/** Problem types of the call queue (claims and callbacks). */
export const QueueProblem = {
  /** No live claim with this id that the caller may release: unknown, someone else's, or already ended. */
  ClaimNotFound: '/problems/campaigns/claim-not-found',
} as const;
