import { IsUUID } from 'class-validator';
import { PageQuery } from '../common/pagination.js';

/**
 * INTERNAL: no gateway route reaches it (docs/sharing.md). A company's contacts as its owner lists
 * them (ListContacts), for a member of another party of a convention the owner shares: the claim card
 * of a shared campaign. Fails with CompanyNotFound (404) unless the actor's organisation and
 * `ownerOrganizationId` are both parties of `conventionId` in the contacts service's own projection,
 * and the company is the owner's.
 */
export const subject = 'contacts.v1.contact.list-shared';
export class Request extends PageQuery {
  @IsUUID() companyId!: string;
  /** The organisation of the shared campaign, whose contacts are read. */
  @IsUUID() ownerOrganizationId!: string;
  /** The shared campaign's convention. */
  @IsUUID() conventionId!: string;
}
// The very answer of ListContacts: one page shape for a company's contacts.
export { Response } from './list-contacts.contract.js';
