import { CampaignsPersonalData, type Envelope, PersonalData } from '@app/contracts';
import { assertRole, envelopeOf } from '@app/platform';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ContactOptOutsRepository } from './contact-opt-outs.repository.js';

/**
 * This service's section of a right-of-access export: the contact's opt-out record today. Calls
 * that name the contact join it when calls exist, and will also be anonymised on
 * `events.contacts.contact.erased` (outcome and date kept, no name, phone or email).
 */
@Controller()
export class PersonalDataController {
  constructor(private readonly optOuts: ContactOptOutsRepository) {}

  @MessagePattern(CampaignsPersonalData.subject)
  async export(@Payload(envelopeOf(PersonalData.Request)) { actor, data }: Envelope<PersonalData.Request>): Promise<PersonalData.Response> {
    // The contacts service checked that the contact is the organisation's; NATS is still a trust boundary.
    assertRole(actor, ['manager']);
    const optOut = await this.optOuts.findOne(actor.organizationId, data.contactId);
    return {
      service: 'campaigns',
      data: { contactOptOut: optOut ? { contactId: optOut.contactId, companyId: optOut.companyId, optedOutAt: optOut.optedOutAt.toISOString() } : null },
    };
  }
}
