import { CreateContact, type Envelope, EraseContact, GetContact, ListContacts, ListSharedContacts, UpdateContact } from '@app/contracts';
import { envelopeOf } from '@app/platform';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ContactsService } from './contacts.service.js';

@Controller()
export class ContactsController {
  constructor(private readonly contacts: ContactsService) {}

  @MessagePattern(CreateContact.subject)
  create(@Payload(envelopeOf(CreateContact.Request)) envelope: Envelope<CreateContact.Request>): Promise<CreateContact.Response> {
    return this.contacts.create(envelope);
  }

  @MessagePattern(ListContacts.subject)
  list(@Payload(envelopeOf(ListContacts.Request)) envelope: Envelope<ListContacts.Request>): Promise<ListContacts.Response> {
    return this.contacts.list(envelope);
  }

  // Internal: asked by the campaigns service for a shared campaign's claim card; no gateway route.
  @MessagePattern(ListSharedContacts.subject)
  listShared(@Payload(envelopeOf(ListSharedContacts.Request)) envelope: Envelope<ListSharedContacts.Request>): Promise<ListSharedContacts.Response> {
    return this.contacts.listShared(envelope);
  }

  @MessagePattern(GetContact.subject)
  get(@Payload(envelopeOf(GetContact.Request)) { actor, data }: Envelope<GetContact.Request>): Promise<GetContact.Response> {
    return this.contacts.get(actor, data.id);
  }

  @MessagePattern(UpdateContact.subject)
  update(@Payload(envelopeOf(UpdateContact.Request)) envelope: Envelope<UpdateContact.Request>): Promise<UpdateContact.Response> {
    return this.contacts.update(envelope);
  }

  @MessagePattern(EraseContact.subject)
  erase(@Payload(envelopeOf(EraseContact.Request)) envelope: Envelope<EraseContact.Request>): Promise<EraseContact.Response> {
    return this.contacts.erase(envelope);
  }
}
