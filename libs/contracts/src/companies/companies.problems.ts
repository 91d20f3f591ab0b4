export const CompaniesProblem = {
  SiretTaken: '/problems/companies/siret-taken',
  NotFound: '/problems/companies/not-found',
  ImportNotFound: '/problems/companies/import-not-found',
  SearchTooCostly: '/problems/companies/search-too-costly',
} as const;
