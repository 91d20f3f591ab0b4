import { ListAudit } from '@app/contracts';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { MembersService } from '../identity/members.service.js';
import { ApiServiceProblems } from '../problem/api-problems.decorator.js';
import { type Caller, CallerContext } from '../rpc/caller.decorator.js';
import { NatsRpcClient } from '@app/platform';

@ApiTags('Contacts')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(
    private readonly services: NatsRpcClient,
    private readonly members: MembersService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Who created, changed, exported or erased personal data, and when (managers; append-only)' })
  @ApiOkResponse({ type: ListAudit.Response })
  @ApiServiceProblems(404)
  async list(@Query() query: ListAudit.Request, @CallerContext() caller: Caller): Promise<ListAudit.Response> {
    const page = await this.services.request(ListAudit, query, caller);
    // The entries hold user ids only; the names live in the identity schema, which the gateway owns.
    const names = await this.members.userNames(page.items.flatMap((entry) => (entry.actor ? [entry.actor.userId] : [])));
    for (const entry of page.items) if (entry.actor) entry.actor.name = names.get(entry.actor.userId) ?? null;
    return page;
  }
}
