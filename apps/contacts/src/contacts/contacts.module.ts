import { Module } from '@nestjs/common';
import { natsRpcClientProvider, ServiceEnv } from '@app/platform';
import { AuditTrail } from '../audit/audit-trail.js';
import { CompanyDirectoryConsumer } from '../company-directory/company-directory.consumer.js';
import { CompanyDirectory } from '../company-directory/company-directory.js';
import { ContactsController } from './contacts.controller.js';
import { ContactsRepository } from './contacts.repository.js';
import { ContactsService } from './contacts.service.js';
import { PrivacyController } from './privacy.controller.js';

@Module({
  controllers: [ContactsController, PrivacyController],
  providers: [ContactsService, ContactsRepository, AuditTrail, CompanyDirectory, natsRpcClientProvider('contacts-rpc', ServiceEnv), CompanyDirectoryConsumer],
})
export class ContactsModule {}
