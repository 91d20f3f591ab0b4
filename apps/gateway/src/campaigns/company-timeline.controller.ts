import { CompanyTimeline, GetCompany, PageQuery } from '@app/contracts';
import { NatsRpcClient } from '@app/platform';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiServiceProblems } from '../problem/api-problems.decorator.js';
import { type Caller, CallerContext } from '../rpc/caller.decorator.js';
import { IdParam } from '../rpc/id-param.js';
import { MemberNames } from './member-names.js';

@ApiTags('Companies')
@ApiBearerAuth()
@Controller('companies')
export class CompanyTimelineController {
  constructor(
    private readonly services: NatsRpcClient,
    private readonly members: MemberNames,
  ) {}

  @Get(':id/timeline')
  @ApiOperation({
    summary: "What happened with a company across the organisation's campaigns, newest first: its calls (with their notes) and the offers they found",
    description: 'Every role of the organisation. Each item names its campaign; a call carries its caller, an offer the call that found it.',
  })
  @ApiOkResponse({ type: CompanyTimeline.Response })
  @ApiServiceProblems(404)
  async timeline(@IdParam() id: string, @Query() query: PageQuery, @CallerContext() caller: Caller): Promise<CompanyTimeline.Response> {
    // The companies service says whether the company is the organisation's (404 otherwise); the
    // campaigns service, which only knows ids, answers the timeline meanwhile. The company's 404 comes first.
    const [company, timeline] = await Promise.allSettled([
      this.services.request(GetCompany, { id }, caller),
      this.services.request(CompanyTimeline, { companyId: id, limit: query.limit, cursor: query.cursor }, caller),
    ]);
    if (company.status === 'rejected') throw company.reason;
    if (timeline.status === 'rejected') throw timeline.reason;
    const page = timeline.value;
    const calls = page.items.flatMap((item) => (item.call ? [item.call] : []));
    const names = await this.members.lookup(caller.actor.organizationId)(calls.map((call) => call.callerId));
    for (const call of calls) call.callerName = names.get(call.callerId) ?? null;
    return page;
  }
}
