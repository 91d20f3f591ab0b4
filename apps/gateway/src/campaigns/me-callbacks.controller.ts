import { ListMyCallbacks } from '@app/contracts';
import { NatsRpcClient } from '@app/platform';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiServiceProblems } from '../problem/api-problems.decorator.js';
import { type Caller, CallerContext } from '../rpc/caller.decorator.js';
import { ServiceJson } from '../rpc/service-json.js';

@ApiTags('Campaigns')
@ApiBearerAuth()
@Controller('me')
export class MeCallbacksController {
  constructor(private readonly services: NatsRpcClient) {}

  @Get('callbacks')
  @ApiOperation({
    summary: 'The callbacks you booked and still owe, across the campaigns of your organisation, soonest first',
    description:
      'Targets in callback status whose callback you booked, in campaigns that are not closed, with the company name and phone. ' +
      "due=overdue: callbackAt is already past. due=today: callbackAt falls on today's date in Europe/Paris, the ones of today already past included " +
      '(earlier days are not). due=all (default): every one.',
  })
  @ApiOkResponse({ type: ListMyCallbacks.Response })
  @ApiServiceProblems()
  @ServiceJson()
  list(@Query() query: ListMyCallbacks.Request, @CallerContext() caller: Caller): Promise<string> {
    return this.services.requestJson(ListMyCallbacks, query, caller);
  }
}
