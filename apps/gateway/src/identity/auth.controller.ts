import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AllowLimitedToken, Public } from '../auth/auth.decorators.js';
import { type AuthenticatedRequest, tokenHolder } from '../auth/auth.guard.js';
import { ApiProblems } from '../problem/api-problems.decorator.js';
import { LoginBody, LoginResponse, MeResponse } from './identity.dto.js';
import { IdentityService } from './identity.service.js';

@ApiTags('Identity and access')
@Controller()
export class AuthController {
  constructor(private readonly identity: IdentityService) {}

  @Public()
  @Post('auth/login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in and get an access token for one organisation' })
  @ApiOkResponse({ type: LoginResponse })
  @ApiProblems(400, 401, 403, 429)
  login(@Body() body: LoginBody, @Req() request: AuthenticatedRequest): Promise<LoginResponse> {
    return this.identity.login(body, request.ip);
  }

  @Get('me')
  @AllowLimitedToken('password_change', 'no_organization')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The user, organisation and role of the token' })
  @ApiOkResponse({ type: MeResponse })
  @ApiProblems(401)
  me(@Req() request: AuthenticatedRequest): Promise<MeResponse> {
    return this.identity.me(tokenHolder(request));
  }
}
