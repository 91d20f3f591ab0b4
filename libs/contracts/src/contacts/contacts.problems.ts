export const ContactsProblem = {
  NotFound: '/problems/contacts/not-found',
  CompanyNotFound: '/problems/contacts/company-not-found',
  AuditNotFound: '/problems/contacts/audit-not-found',
} as const;
