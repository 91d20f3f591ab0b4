import { AddTargets, Campaign, CampaignChanges, CreateCampaign, GetCampaign, ListCampaigns, ListTargets, UpdateCampaign } from '@app/contracts';
import { NatsRpcClient } from '@app/platform';
import { Body, Controller, Get, Headers, HttpCode, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../auth/auth.decorators.js';
import { ApiServiceProblems } from '../problem/api-problems.decorator.js';
import { type Caller, CallerContext } from '../rpc/caller.decorator.js';
import { IdParam } from '../rpc/id-param.js';
import { parseIfMatch } from '../rpc/if-match.js';
import { resourceAnswer, ServiceJson } from '../rpc/service-json.js';

// Only POST /campaigns carries @Roles: on a campaign's own routes the campaigns service answers 404
// before 403, so that a caller never learns that another organisation's campaign exists.
@ApiTags('Campaigns')
@ApiBearerAuth()
@Controller('campaigns')
export class CampaignsController {
  constructor(private readonly services: NatsRpcClient) {}

  @Post()
  @Roles('manager')
  @ApiOperation({
    summary: 'Create a campaign (managers): it starts as a draft',
    description: "With a conventionId it is shared with the convention's parties (docs/sharing.md); the organisation must be one of them (422 not-a-party).",
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key and body returns the first answer' })
  @ApiBody({ type: CreateCampaign.Request })
  @ApiCreatedResponse({ type: Campaign })
  @ApiServiceProblems(422)
  @ServiceJson()
  async create(@Body() body: CreateCampaign.Request, @CallerContext() caller: Caller, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const campaign = await this.services.requestJson(CreateCampaign, body, caller);
    return resourceAnswer(reply, campaign, '/api/v1/campaigns');
  }

  @Get()
  @ApiOperation({ summary: "The organisation's campaigns and those its conventions' parties share with it, newest first, in cursor pages" })
  @ApiOkResponse({ type: ListCampaigns.Response })
  @ApiServiceProblems()
  @ServiceJson()
  list(@Query() query: ListCampaigns.Request, @CallerContext() caller: Caller): Promise<string> {
    return this.services.requestJson(ListCampaigns, query, caller);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read a campaign' })
  @ApiOkResponse({ type: Campaign })
  @ApiServiceProblems(404)
  @ServiceJson()
  async get(@IdParam() id: string, @CallerContext() caller: Caller, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const campaign = await this.services.requestJson(GetCampaign, { id }, caller);
    return resourceAnswer(reply, campaign);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change a campaign or its status (managers of its organisation), only if nobody changed it since you read it (If-Match)',
    description:
      'Status: draft → active ⇄ paused → closed, and draft → closed; closed is final. An impossible change answers 422, as does a conventionId ' +
      'naming a convention the organisation is not a party of (not-a-party); conventionId null stops the sharing. A partner gets 403.',
  })
  @ApiHeader({ name: 'If-Match', required: true, description: 'The version you read, in quotes ("3"): the ETag of your last read. 428 without it' })
  @ApiOkResponse({ type: Campaign })
  @ApiServiceProblems(404, 412, 422, 428)
  @ServiceJson()
  async update(
    @IdParam() id: string,
    @Body() changes: CampaignChanges,
    @CallerContext() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Headers('if-match') ifMatch?: string,
  ): Promise<string> {
    const campaign = await this.services.requestJson(UpdateCampaign, { id, changes, expectedVersion: parseIfMatch(ifMatch) }, caller);
    return resourceAnswer(reply, campaign);
  }

  @Post(':id/targets')
  @HttpCode(200)
  @ApiOperation({
    summary: "Add companies to a campaign's queue (managers), by id or by the filters of GET /companies",
    description:
      'Idempotent: companies already in the campaign are counted in alreadyPresent. Companies marked doNotCall are skipped and counted; ' +
      'ids that name no company of the organisation are counted in notFound. With dryRun the same counts come back and nothing changes. 422 on a closed campaign.',
  })
  @ApiBody({ type: AddTargets.AddTargetsBody })
  @ApiOkResponse({ type: AddTargets.Response })
  @ApiServiceProblems(404, 422)
  @ServiceJson()
  addTargets(@IdParam() id: string, @Body() body: AddTargets.AddTargetsBody, @CallerContext() caller: Caller): Promise<string> {
    return this.services.requestJson(AddTargets, { ...body, campaignId: id }, caller);
  }

  @Get(':id/targets')
  @ApiOperation({ summary: "A campaign's targets by company name, with where each stands in the queue, in cursor pages" })
  @ApiOkResponse({ type: ListTargets.Response })
  @ApiServiceProblems(404)
  @ServiceJson()
  listTargets(@IdParam() id: string, @Query() query: ListTargets.Query, @CallerContext() caller: Caller): Promise<string> {
    return this.services.requestJson(ListTargets, { ...query, campaignId: id }, caller);
  }
}
