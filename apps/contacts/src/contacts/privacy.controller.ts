import { ContactsPersonalData, type Envelope, ListAudit, PersonalData } from '@app/contracts';
import { envelopeOf } from '@app/platform';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ContactsService } from './contacts.service.js';

/** The data subject's rights and the controller's accountability: export and audit trail. */
@Controller()
export class PrivacyController {
  constructor(private readonly contacts: ContactsService) {}

  @MessagePattern(ContactsPersonalData.subject)
  export(@Payload(envelopeOf(PersonalData.Request)) envelope: Envelope<PersonalData.Request>): Promise<PersonalData.Response> {
    return this.contacts.exportPersonalData(envelope);
  }

  @MessagePattern(ListAudit.subject)
  audit(@Payload(envelopeOf(ListAudit.Request)) { actor, data }: Envelope<ListAudit.Request>): Promise<ListAudit.Response> {
    return this.contacts.auditTrail(actor, data);
  }
}
