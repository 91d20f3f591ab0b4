import { GetOffer, ListOffers, Offer, UpdateOffer } from '@app/contracts';
import { NatsRpcClient } from '@app/platform';
import { Body, Controller, Get, Headers, Patch, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiServiceProblems } from '../problem/api-problems.decorator.js';
import { type Caller, CallerContext } from '../rpc/caller.decorator.js';
import { IdParam } from '../rpc/id-param.js';
import { parseIfMatch } from '../rpc/if-match.js';
import { resourceAnswer, ServiceJson } from '../rpc/service-json.js';

// No @Roles on PATCH: the campaigns service answers 404 before 403.
@ApiTags('Offers')
@ApiBearerAuth()
@Controller('offers')
export class OffersController {
  constructor(private readonly services: NatsRpcClient) {}

  @Get()
  @ApiOperation({
    summary: 'The offers found by calling, across the organisation’s campaigns (the hidden market), newest first, in cursor pages',
    description: 'Filters combine with AND; q looks for its text, case aside, in the title, the description and the company’s name.',
  })
  @ApiOkResponse({ type: ListOffers.Response })
  @ApiServiceProblems()
  @ServiceJson()
  list(@Query() query: ListOffers.Request, @CallerContext() caller: Caller): Promise<string> {
    return this.services.requestJson(ListOffers, query, caller);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read an offer' })
  @ApiOkResponse({ type: Offer })
  @ApiServiceProblems(404)
  @ServiceJson()
  async get(@IdParam() id: string, @CallerContext() caller: Caller, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const offer = await this.services.requestJson(GetOffer, { id }, caller);
    return resourceAnswer(reply, offer);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Follow an offer up (managers): its status, and its title, positions, ROME code or description. Dashboards keep counting it as found' })
  @ApiHeader({ name: 'If-Match', required: true, description: 'The version you read, in quotes ("3"): the ETag of your last read. 428 without it' })
  @ApiOkResponse({ type: Offer })
  @ApiServiceProblems(404, 412, 428)
  @ServiceJson()
  async update(
    @IdParam() id: string,
    @Body() changes: UpdateOffer.OfferChanges,
    @CallerContext() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Headers('if-match') ifMatch?: string,
  ): Promise<string> {
    const offer = await this.services.requestJson(UpdateOffer, { id, changes, expectedVersion: parseIfMatch(ifMatch) }, caller);
    return resourceAnswer(reply, offer);
  }
}
