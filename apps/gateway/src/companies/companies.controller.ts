import { Company, CreateCompany, DeleteCompany, GetCompany, ListCompanies, UpdateCompany } from '@app/contracts';
import { Body, Controller, Delete, Get, Headers, HttpCode, Patch, Post, Query, Res } from '@nestjs/common';
import { IdParam } from '../rpc/id-param.js';
import {
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../auth/auth.decorators.js';
import { ApiServiceProblems } from '../problem/api-problems.decorator.js';
import { type Caller, CallerContext } from '../rpc/caller.decorator.js';
import { parseIfMatch } from '../rpc/if-match.js';
import { NatsRpcClient } from '@app/platform';
import { checkedCompanyBody } from './company-body.js';
import { resourceAnswer, ServiceJson } from '../rpc/service-json.js';

@ApiTags('Companies')
@ApiBearerAuth()
@Controller('companies')
export class CompaniesController {
  constructor(private readonly services: NatsRpcClient) {}

  @Post()
  @Roles('manager')
  @ApiOperation({ summary: 'Create a company' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key and body returns the first answer' })
  @ApiBody({ type: CreateCompany.Request })
  @ApiCreatedResponse({ type: Company })
  @ApiServiceProblems(409, 422)
  // The body is typed `unknown` so that the global pipe leaves it to checkedCompanyBody (one 400 for every field).
  @ServiceJson()
  async create(@Body() raw: unknown, @CallerContext() caller: Caller, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const body = await checkedCompanyBody(CreateCompany.Request, raw, this.services, caller, { mode: 'create' });
    const company = await this.services.requestJson(CreateCompany, body, caller);
    return resourceAnswer(reply, company, '/api/v1/companies');
  }

  @Get()
  @ApiOperation({
    summary: "Search the organisation's companies, in cursor pages",
    description:
      'With q: by relevance (every word must match a word of the name or trade name, accents, case and typos aside), then id. ' +
      'Without: by name, then id. Filters combine with AND; comma-separated values of one filter with OR. ' +
      'A malformed filter value answers 400; a well-formed one that names nothing (rome=Z9999) finds nothing.',
  })
  @ApiOkResponse({ type: ListCompanies.Response })
  @ApiServiceProblems()
  @ServiceJson()
  list(@Query() query: ListCompanies.Request, @CallerContext() caller: Caller): Promise<string> {
    return this.services.requestJson(ListCompanies, query, caller);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read a company' })
  @ApiOkResponse({ type: Company })
  @ApiServiceProblems(404)
  @ServiceJson()
  async get(@IdParam() id: string, @CallerContext() caller: Caller, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const company = await this.services.requestJson(GetCompany, { id }, caller);
    return resourceAnswer(reply, company);
  }

  // No @Roles on PATCH and DELETE: the service answers 404 before 403, so that a reader never
  // learns that another organisation's id exists.
  @Patch(':id')
  @ApiOperation({ summary: 'Change a company, only if nobody changed it since you read it (If-Match)' })
  @ApiHeader({ name: 'If-Match', required: true, description: 'The version you read, in quotes ("3"): the ETag of your last read. 428 without it' })
  @ApiBody({ type: UpdateCompany.CompanyChanges })
  @ApiOkResponse({ type: Company })
  @ApiServiceProblems(404, 409, 412, 428)
  @ServiceJson()
  async update(
    @IdParam() id: string,
    @Body() raw: unknown,
    @CallerContext() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Headers('if-match') ifMatch?: string,
  ): Promise<string> {
    const expectedVersion = parseIfMatch(ifMatch);
    const changes = await checkedCompanyBody(UpdateCompany.CompanyChanges, raw, this.services, caller, { mode: 'update', id });
    const company = await this.services.requestJson(UpdateCompany, { id, changes, expectedVersion }, caller);
    return resourceAnswer(reply, company);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a company and its contacts' })
  @ApiNoContentResponse()
  @ApiServiceProblems(404)
  async delete(@IdParam() id: string, @CallerContext() caller: Caller): Promise<void> {
    await this.services.request(DeleteCompany, { id }, caller);
  }
}
