import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { MAX_PAGE_SIZE } from '@app/contracts';
import { ApiBearerAuth, ApiExtraModels, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { AllowLimitedToken } from '../auth/auth.decorators.js';
import { type AuthenticatedRequest, tokenHolder } from '../auth/auth.guard.js';
import { ApiProblems } from '../problem/api-problems.decorator.js';
import { IdParam } from '../rpc/id-param.js';
import { ChangePasswordBody, Invitation } from './identity.dto.js';
import { AuthenticationService } from './authentication.service.js';

/** What every person does for their own account: answer invitations, change their password. */
@ApiTags('Identity and access')
@ApiBearerAuth()
@Controller('me')
export class MeController {
  constructor(private readonly authentication: AuthenticationService) {}

  @Post('password')
  @HttpCode(204)
  @AllowLimitedToken('password_change', 'no_organization')
  @ApiOperation({ summary: 'Change your password (required after the initial one a manager set)' })
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 429)
  async changePassword(@Body() body: ChangePasswordBody, @Req() request: AuthenticatedRequest): Promise<void> {
    await this.authentication.changePassword(tokenHolder(request), body, request.ip);
  }

  @Get('invitations')
  @AllowLimitedToken('no_organization')
  @ApiOperation({ summary: `Your pending invitations to organisations (the first ${MAX_PAGE_SIZE} by organisation name)` })
  @ApiExtraModels(Invitation)
  @ApiOkResponse({ schema: { type: 'array', maxItems: MAX_PAGE_SIZE, items: { $ref: getSchemaPath(Invitation) } } })
  @ApiProblems(401, 403)
  invitations(@Req() request: AuthenticatedRequest): Promise<Invitation[]> {
    return this.authentication.invitations(tokenHolder(request));
  }

  @Post('invitations/:orgId/accept')
  @HttpCode(204)
  @AllowLimitedToken('no_organization')
  @ApiOperation({ summary: 'Accept an invitation: the membership becomes active (log in again to work in that organisation)' })
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 403, 404)
  async accept(@IdParam('orgId') orgId: string, @Req() request: AuthenticatedRequest): Promise<void> {
    await this.authentication.acceptInvitation(tokenHolder(request), orgId);
  }

  @Post('invitations/:orgId/decline')
  @HttpCode(204)
  @AllowLimitedToken('no_organization')
  @ApiOperation({ summary: 'Decline an invitation: the membership is removed' })
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 403, 404)
  async decline(@IdParam('orgId') orgId: string, @Req() request: AuthenticatedRequest): Promise<void> {
    await this.authentication.declineInvitation(tokenHolder(request), orgId);
  }
}
