import {
  type Contact,
  Contact as ContactDto,
  ContactChanges,
  ContactFields,
  ContactsPersonalData,
  CreateContact,
  EraseContact,
  GetContact,
  ListContacts,
  PageQuery,
  PERSONAL_DATA_HOLDERS,
  UpdateContact,
} from '@app/contracts';
import { Body, Controller, Delete, Get, Headers, HttpCode, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiServiceProblems } from '../problem/api-problems.decorator.js';
import { type Caller, CallerContext } from '../rpc/caller.decorator.js';
import { IdParam } from '../rpc/id-param.js';
import { parseIfMatch } from '../rpc/if-match.js';
import { NatsRpcClient } from '@app/platform';
import { PersonalDataExport } from './personal-data-export.dto.js';
import { resourceAnswer, ServiceJson } from '../rpc/service-json.js';

// No @Roles here: the contacts service answers 404 before 403, so that a reader never learns that
// another organisation's id exists. Managers and volunteers add and change contacts; managers erase
// and export.
@ApiTags('Contacts')
@ApiBearerAuth()
@Controller()
export class ContactsController {
  constructor(private readonly services: NatsRpcClient) {}

  @Post('companies/:companyId/contacts')
  @ApiOperation({ summary: 'Add a contact to a company (managers and volunteers)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key and body returns the first answer' })
  @ApiCreatedResponse({ type: ContactDto })
  @ApiServiceProblems(404, 410, 422)
  @ServiceJson()
  async create(
    @IdParam('companyId') companyId: string,
    @Body() body: ContactFields,
    @CallerContext() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const contact = await this.services.requestJson(CreateContact, { ...body, companyId }, caller);
    return resourceAnswer(reply, contact, '/api/v1/contacts');
  }

  @Get('companies/:companyId/contacts')
  @ApiOperation({ summary: "A company's contacts, by last name, in cursor pages" })
  @ApiOkResponse({ type: ListContacts.Response })
  @ApiServiceProblems(404)
  @ServiceJson()
  list(@IdParam('companyId') companyId: string, @Query() query: PageQuery, @CallerContext() caller: Caller): Promise<string> {
    return this.services.requestJson(ListContacts, { ...query, companyId }, caller);
  }

  @Get('contacts/:id')
  @ApiOperation({ summary: 'Read a contact' })
  @ApiOkResponse({ type: ContactDto })
  @ApiServiceProblems(404)
  @ServiceJson()
  async get(@IdParam() id: string, @CallerContext() caller: Caller, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const contact = await this.services.requestJson(GetContact, { id }, caller);
    return resourceAnswer(reply, contact);
  }

  @Patch('contacts/:id')
  @ApiOperation({ summary: 'Change a contact, only if nobody changed it since you read it (If-Match). optedOut: true records an objection' })
  @ApiHeader({ name: 'If-Match', required: true, description: 'The version you read, in quotes ("3"): the ETag of your last read. 428 without it' })
  @ApiOkResponse({ type: ContactDto })
  @ApiServiceProblems(404, 410, 412, 428)
  @ServiceJson()
  async update(
    @IdParam() id: string,
    @Body() changes: ContactChanges,
    @CallerContext() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Headers('if-match') ifMatch?: string,
  ): Promise<string> {
    const contact = await this.services.requestJson(UpdateContact, { id, changes, expectedVersion: parseIfMatch(ifMatch) }, caller);
    return resourceAnswer(reply, contact);
  }

  @Delete('contacts/:id')
  @HttpCode(204)
  @ApiOperation({ summary: "Erase a person (managers): their data is removed from every service; the audit trail keeps ids and actions only" })
  @ApiNoContentResponse()
  @ApiServiceProblems(404)
  async erase(@IdParam() id: string, @CallerContext() caller: Caller): Promise<void> {
    await this.services.request(EraseContact, { id }, caller);
  }

  @Get('contacts/:id/export')
  @ApiOperation({ summary: 'Everything held about a person, across services (right of access; managers; recorded in the audit trail)' })
  @ApiOkResponse({ type: PersonalDataExport })
  @ApiServiceProblems(404)
  async export(@IdParam() id: string, @CallerContext() caller: Caller): Promise<PersonalDataExport> {
    // Contacts first: it checks the organisation (404) and the role (403), and audits the export.
    const contacts = await this.services.request(ContactsPersonalData, { contactId: id }, caller);
    const companyId = (contacts.data.contact as Contact).companyId;
    // Then every other holder at once; one that cannot answer fails the export (503/504) rather
    // than leave out a section without saying so.
    const others = await Promise.all(
      PERSONAL_DATA_HOLDERS.filter((holder) => holder !== ContactsPersonalData).map((holder) =>
        this.services.request(holder, { contactId: id, companyId }, caller),
      ),
    );
    return {
      contactId: id,
      exportedAt: new Date().toISOString(),
      sections: Object.fromEntries([contacts, ...others].map((section) => [section.service, section.data])),
    };
  }
}
