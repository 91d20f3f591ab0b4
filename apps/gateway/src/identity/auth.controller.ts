import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AllowLimitedToken, Public } from '../auth/auth.decorators.js';
import { type AuthenticatedRequest, tokenHolder } from '../auth/auth.guard.js';
import { ApiProblems } from '../problem/api-problems.decorator.js';
import { Sessions } from '../auth/sessions.js';
import { LoginBody, LoginResponse, MeResponse, RefreshBody, TokenPairResponse } from './identity.dto.js';
import { AuthenticationService } from './authentication.service.js';

@ApiTags('Identity and access')
@Controller()
export class AuthController {
  constructor(
    private readonly authentication: AuthenticationService,
    private readonly sessions: Sessions,
  ) {}

  @Public()
  @Post('auth/login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in and get an access token for one organisation' })
  @ApiOkResponse({ type: LoginResponse })
  @ApiProblems(400, 401, 403, 429)
  login(@Body() body: LoginBody, @Req() request: AuthenticatedRequest): Promise<LoginResponse> {
    return this.authentication.login(body, request.ip);
  }

  @Public()
  @Post('auth/refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange a refresh token for a new access token and refresh token (the old one stops working)' })
  @ApiOkResponse({ type: TokenPairResponse })
  @ApiProblems(400, 401)
  refresh(@Body() body: RefreshBody): Promise<TokenPairResponse> {
    return this.sessions.refresh(body.refreshToken);
  }

  @Post('auth/logout')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'End the session: its refresh token (and those it was rotated from) stop working' })
  @ApiNoContentResponse()
  @ApiProblems(400, 401)
  async logout(@Body() body: RefreshBody, @Req() request: AuthenticatedRequest): Promise<void> {
    await this.sessions.logout(request.user!.userId, body.refreshToken);
  }

  @Get('me')
  @AllowLimitedToken('password_change', 'no_organization')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The user, organisation and role of the token' })
  @ApiOkResponse({ type: MeResponse })
  @ApiProblems(401)
  me(@Req() request: AuthenticatedRequest): Promise<MeResponse> {
    return this.authentication.me(tokenHolder(request));
  }
}
