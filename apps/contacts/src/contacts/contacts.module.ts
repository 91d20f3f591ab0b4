import { Module } from '@nestjs/common';
import { AuditTrail } from '../audit/audit-trail.js';
import { CompaniesClient } from '../company-directory/companies.client.js';
import { CompanyDirectoryConsumer } from '../company-directory/company-directory.consumer.js';
import { CompanyDirectory } from '../company-directory/company-directory.js';
import { ContactsController } from './contacts.controller.js';
import { ContactsRepository } from './contacts.repository.js';
import { ContactsService } from './contacts.service.js';
import { PrivacyController } from './privacy.controller.js';

@Module({
  controllers: [ContactsController, PrivacyController],
  providers: [ContactsService, ContactsRepository, AuditTrail, CompanyDirectory, CompaniesClient, CompanyDirectoryConsumer],
})
export class ContactsModule {}
