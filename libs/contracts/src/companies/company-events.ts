import { Company } from './company.dto.js';

/** Emitted after a company is created, imported or changed: the whole new state. */
export class CompanyChangedPayload {
  company!: Company;
}

export class CompanyDeletedPayload {
  id!: string;
  organizationId!: string;
}

export const CompanyCreated = { subject: 'events.companies.company.created', Payload: CompanyChangedPayload };
export const CompanyUpdated = { subject: 'events.companies.company.updated', Payload: CompanyChangedPayload };
export const CompanyDeleted = { subject: 'events.companies.company.deleted', Payload: CompanyDeletedPayload };
