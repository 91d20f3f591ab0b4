import { Call, CallFields, GetCall, ListCalls, LogCall, UpdateCall } from '@app/contracts';
import { NatsRpcClient } from '@app/platform';
import { Body, Controller, Get, Headers, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiServiceProblems } from '../problem/api-problems.decorator.js';
import { type Caller, CallerContext } from '../rpc/caller.decorator.js';
import { IdParam } from '../rpc/id-param.js';
import { parseIfMatch } from '../rpc/if-match.js';
import { resourceAnswer, ServiceJson } from '../rpc/service-json.js';

// No @Roles here: the campaigns service answers 404 before 403, so that a member never learns that
// another organisation's campaign or call exists. Volunteers and managers log calls; every role reads.
@ApiTags('Campaigns')
@ApiBearerAuth()
@Controller('campaigns')
export class CallsController {
  constructor(private readonly services: NatsRpcClient) {}

  @Post(':id/calls')
  @ApiOperation({
    summary: 'Log a call on a target of an active campaign (volunteers and managers)',
    description:
      'callbackAt goes with outcome callback only and meetingAt with meeting only, both in the future; offers (at least one) with offer, ' +
      'and may come with interested or meeting. The target moves (docs/campaigns.md), the caller’s claim on it is released, the dashboards count it. ' +
      'do_not_call takes the company out of every queue of the organisation and marks it doNotCall in the registry. ' +
      '409 while another member holds a live claim on the company; 422 when the campaign is not active, the company is not a target, ' +
      'its target is done or excluded, or contactId is not one of its contacts.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key and body returns the first answer' })
  @ApiCreatedResponse({ type: Call })
  @ApiServiceProblems(404, 409, 410, 422)
  @ServiceJson()
  async log(@IdParam() campaignId: string, @Body() body: CallFields, @CallerContext() caller: Caller, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const call = await this.services.requestJson(LogCall, { ...body, campaignId }, caller);
    return resourceAnswer(reply, call, `/api/v1/campaigns/${campaignId}/calls`);
  }

  @Get(':id/calls')
  @ApiOperation({ summary: "A campaign's calls, newest first, in cursor pages", description: 'from is inclusive, to exclusive.' })
  @ApiOkResponse({ type: ListCalls.Response })
  @ApiServiceProblems(404)
  @ServiceJson()
  list(@IdParam() campaignId: string, @Query() query: ListCalls.CallsQuery, @CallerContext() caller: Caller): Promise<string> {
    return this.services.requestJson(ListCalls, { ...query, campaignId }, caller);
  }

  @Get(':id/calls/:callId')
  @ApiOperation({ summary: 'Read a call' })
  @ApiOkResponse({ type: Call })
  @ApiServiceProblems(404)
  @ServiceJson()
  async get(@IdParam() campaignId: string, @IdParam('callId') id: string, @CallerContext() caller: Caller, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const call = await this.services.requestJson(GetCall, { campaignId, id }, caller);
    return resourceAnswer(reply, call);
  }

  @Patch(':id/calls/:callId')
  @ApiOperation({ summary: 'Change the notes of a call (the member who logged it, or a manager): calls are immutable but for their notes' })
  @ApiHeader({ name: 'If-Match', required: true, description: 'The version you read, in quotes ("3"): the ETag of your last read. 428 without it' })
  @ApiOkResponse({ type: Call })
  @ApiServiceProblems(404, 412, 428)
  @ServiceJson()
  async update(
    @IdParam() campaignId: string,
    @IdParam('callId') id: string,
    @Body() changes: UpdateCall.CallChanges,
    @CallerContext() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Headers('if-match') ifMatch?: string,
  ): Promise<string> {
    const call = await this.services.requestJson(UpdateCall, { campaignId, id, changes, expectedVersion: parseIfMatch(ifMatch) }, caller);
    return resourceAnswer(reply, call);
  }
}
