export const CompaniesProblem = {
  SiretTaken: '/problems/companies/siret-taken',
  NotFound: '/problems/companies/not-found',
} as const;
