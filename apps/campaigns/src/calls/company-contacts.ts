import { type Envelope, GetContact } from '@app/contracts';
import { DomainError, NatsRpcClient, UpstreamProblemError } from '@app/platform';
import { Injectable } from '@nestjs/common';
import { ContactNotOfCompanyError } from './calls.errors.js';

/**
 * Whether a contact named by a call is one of the company's in the campaign's organisation: asked
 * of the contacts service (this service keeps no contacts, only ids of those who objected). A
 * contact of another organisation answers 404 there, like an unknown one, and 422 here.
 */
@Injectable()
export class CompanyContacts {
  constructor(private readonly services: NatsRpcClient) {}

  async assertOfCompany(origin: Pick<Envelope<unknown>, 'actor' | 'requestId' | 'deadline'>, ownerOrganizationId: string, contactId: string, companyId: string): Promise<void> {
    // The contacts are the campaign owner's: a partner's caller, let in by CampaignAccess, checks the
    // contact among them. Only the yes or no leaves this method, never the contact.
    const asOwner = { ...origin, actor: { ...origin.actor, organizationId: ownerOrganizationId } };
    let contactCompanyId: string;
    try {
      ({ companyId: contactCompanyId } = await this.services.request(GetContact, { id: contactId }, asOwner));
    } catch (error) {
      if (!(error instanceof UpstreamProblemError)) throw error;
      if (error.problem.status === 404) throw new ContactNotOfCompanyError();
      // 503 or 504: the client retries (safely, with its Idempotency-Key) rather than log an unchecked contact.
      throw new DomainError(error.problem);
    }
    if (contactCompanyId !== companyId) throw new ContactNotOfCompanyError();
  }
}
