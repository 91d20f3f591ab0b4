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

/**
 * Emitted by an import for each batch it writes: the new state of up to 500 companies, created or
 * changed, written in the batch's transaction. Consumers apply it like one `updated` per company.
 */
export class CompanyImportedPayload {
  companies!: Company[];
}

export const CompanyImported = { subject: 'events.companies.company.imported', Payload: CompanyImportedPayload };
