import { CompanyCreated, CompanyDeleted, CompanyImported, CompanyUpdated } from '@app/contracts';
import { Inbox, on, type Subscription } from '@app/platform';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { ContactsService } from '../contacts/contacts.service.js';
import { CompanyDirectory } from './company-directory.js';

export const COMPANY_DIRECTORY_CONSUMER = 'contacts-companies';

/**
 * Keeps `contacts.company_ref` in step with the companies service, once per event, and erases a
 * deleted company's contacts (as the system, in the audit trail; the inbox wakes the relay after
 * the commit, so their `erased` events go out at once).
 */
@Injectable()
export class CompanyDirectoryConsumer implements OnApplicationBootstrap {
  readonly subscription: Subscription = {
    consumer: COMPANY_DIRECTORY_CONSUMER,
    handlers: [
      on(CompanyCreated, ({ company }, tx) => this.directory.upsert(tx, [company])),
      on(CompanyUpdated, ({ company }, tx) => this.directory.upsert(tx, [company])),
      // One import batch: up to 500 companies of one organisation, applied in one statement.
      on(CompanyImported, ({ organizationId, companies }, tx) =>
        this.directory.upsert(tx, companies.map(({ id, version }) => ({ id, organizationId, version }))),
      ),
      on(CompanyDeleted, async ({ id, organizationId }, tx, meta) => {
        await this.directory.tombstone(tx, organizationId, id);
        await this.contacts.eraseForCompany(tx, organizationId, id, meta.requestId);
      }),
    ],
  };

  constructor(
    private readonly inbox: Inbox,
    private readonly directory: CompanyDirectory,
    private readonly contacts: ContactsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.inbox.subscribe(this.subscription);
  }
}
