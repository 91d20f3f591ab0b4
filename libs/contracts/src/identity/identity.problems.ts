/** Problem types of accounts and memberships (the gateway's identity module). */
export const IdentityProblem = {
  AlreadyMember: '/problems/identity/already-member',
  LastManager: '/problems/identity/last-manager',
} as const;
