import { Claim, ClaimNextTarget, ReleaseClaim } from '@app/contracts';
import { NatsRpcClient } from '@app/platform';
import { Controller, Delete, HttpCode, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiServiceProblems } from '../problem/api-problems.decorator.js';
import { type Caller, CallerContext } from '../rpc/caller.decorator.js';
import { IdParam } from '../rpc/id-param.js';

// No @Roles: the campaigns service answers 404 before 403 (viewers), so that nobody learns that
// another organisation's campaign exists.
@ApiTags('Campaigns')
@ApiBearerAuth()
@Controller('campaigns')
export class ClaimsController {
  constructor(private readonly services: NatsRpcClient) {}

  @Post(':id/claims')
  @ApiOperation({
    summary: 'Take the next company to call (volunteers and managers)',
    description:
      'Hands you the next target under a 15-minute lease: due callbacks first (yours alone during their first hour), ' +
      'then companies never called, by hiring potential, then retries of no answer / busy after 2 hours. Companies marked ' +
      'doNotCall, held by another caller, or called in another campaign of the organisation within the campaign\'s cooldownDays are skipped. ' +
      'Asking again while you hold a live claim in this campaign returns the same claim. 204 when nothing is left to call now; ' +
      '422 when the campaign is not active. When the contacts service does not answer in time the claim is still made: ' +
      'contacts is empty and contactsUnavailable true.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key returns the first answer' })
  @ApiCreatedResponse({ type: Claim })
  @ApiNoContentResponse({ description: 'Nothing to call in this campaign just now' })
  @ApiServiceProblems(404, 422)
  async claim(@IdParam() id: string, @CallerContext() caller: Caller, @Res({ passthrough: true }) reply: FastifyReply): Promise<Claim | undefined> {
    const { claim, target } = await this.services.request(ClaimNextTarget, { campaignId: id }, caller);
    if (!claim || !target) {
      void reply.status(204);
      return undefined;
    }
    void reply.header('Location', `/api/v1/campaigns/${id}/claims/${claim.id}`);
    return { claim, target };
  }

  @Delete(':id/claims/:claimId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Give a claim back without calling: the company returns to the queue at once (its holder, or a manager)' })
  @ApiNoContentResponse()
  @ApiServiceProblems(404)
  async release(@IdParam() id: string, @IdParam('claimId') claimId: string, @CallerContext() caller: Caller): Promise<void> {
    await this.services.request(ReleaseClaim, { campaignId: id, claimId }, caller);
  }
}
