import { PageQuery } from '@app/contracts';
import { Body, Controller, Delete, Get, Headers, HttpCode, Patch, Post, Query, Req } from '@nestjs/common';
import { IdParam } from '../rpc/id-param.js';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators.js';
import type { AuthenticatedRequest } from '../auth/auth.guard.js';
import { ApiProblems } from '../problem/api-problems.decorator.js';
import { fingerprint, validKey } from '../rpc/caller.decorator.js';
import { parseIfMatch } from '../rpc/if-match.js';
import { CreateMemberBody, CreateOrganizationBody, Member, MemberPage, Organization, OrganizationPage, UpdateMemberBody } from './identity.dto.js';
import { MembersService } from './members.service.js';
import { OrganizationsService } from './organizations.service.js';

// Same checks as CallerContext: an over-long key would otherwise fail in the database (500).
const idempotencyOf = (request: AuthenticatedRequest, key?: string) =>
  key !== undefined ? { key: validKey(key), fingerprint: fingerprint(request) } : undefined;

// Members routes carry no @Roles: MembersService answers 404 for another organisation's id
// before it checks the role (403), so a caller never learns that an organisation exists.
@ApiTags('Identity and access')
@ApiBearerAuth()
@Controller('organizations')
export class OrganizationsController {
  constructor(
    private readonly organizations: OrganizationsService,
    private readonly members: MembersService,
  ) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create an organisation (platform administrators)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({ type: Organization })
  @ApiProblems(400, 401, 403, 422)
  create(@Body() body: CreateOrganizationBody, @Req() request: AuthenticatedRequest, @Headers('idempotency-key') key?: string): Promise<Organization> {
    return this.organizations.create(request.user!, body, idempotencyOf(request, key));
  }

  @Get()
  @ApiOperation({ summary: 'Organisations you can see: all for administrators, otherwise your own and your partners' })
  @ApiOkResponse({ type: OrganizationPage })
  @ApiProblems(400, 401)
  list(@Query() query: PageQuery, @Req() request: AuthenticatedRequest): Promise<OrganizationPage> {
    return this.organizations.list(request.user!, query.limit, query.cursor);
  }

  @Post(':orgId/members')
  @ApiOperation({ summary: 'Invite a member: the membership stays invited until the person accepts it (same answer whether or not the email has an account)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({ type: Member })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  addMember(
    @IdParam('orgId') orgId: string,
    @Body() body: CreateMemberBody,
    @Req() request: AuthenticatedRequest,
    @Headers('idempotency-key') key?: string,
  ): Promise<Member> {
    return this.members.add(request.user!, orgId, body, idempotencyOf(request, key));
  }

  @Get(':orgId/members')
  @ApiOperation({ summary: 'Members of the organisation' })
  @ApiOkResponse({ type: MemberPage })
  @ApiProblems(400, 401, 403, 404)
  listMembers(@IdParam('orgId') orgId: string, @Query() query: PageQuery, @Req() request: AuthenticatedRequest): Promise<MemberPage> {
    return this.members.list(request.user!, orgId, query.limit, query.cursor);
  }

  @Patch(':orgId/members/:userId')
  @ApiOperation({ summary: "Change a member's role (tokens already issued to them stop working within seconds; the last manager stays)" })
  @ApiHeader({ name: 'If-Match', required: true, description: 'The version you read, in quotes ("3"): the ETag of your last read. 428 without it' })
  @ApiOkResponse({ type: Member })
  @ApiProblems(400, 401, 403, 404, 412, 422, 428)
  changeRole(
    @IdParam('orgId') orgId: string,
    @IdParam('userId') userId: string,
    @Body() body: UpdateMemberBody,
    @Req() request: AuthenticatedRequest,
    @Headers('if-match') ifMatch?: string,
  ): Promise<Member> {
    return this.members.changeRole(request.user!, orgId, userId, body.role, parseIfMatch(ifMatch));
  }

  @Delete(':orgId/members/:userId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a member from the organisation (the user keeps other memberships)' })
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 403, 404, 422)
  async removeMember(
    @IdParam('orgId') orgId: string,
    @IdParam('userId') userId: string,
    @Req() request: AuthenticatedRequest,
  ): Promise<void> {
    await this.members.remove(request.user!, orgId, userId);
  }
}
