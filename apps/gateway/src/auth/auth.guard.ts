import type { Role } from '@app/contracts';
import { ForbiddenError, UnauthenticatedError } from '@app/platform';
import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ALLOWED_ROLES, ALLOWED_TOKEN_LIMITS, PUBLIC_ROUTE } from './auth.decorators.js';
import type { AuthenticatedUser, LimitedTokenHolder, TokenLimit } from './authenticated-user.js';
import { type LiveMembership, LiveMemberships } from './live-memberships.js';
import { TokenService } from './token.service.js';

/** `user` for a full token; `limited` for a limited one, on the routes that accept it. */
export type AuthenticatedRequest = FastifyRequest & { user?: AuthenticatedUser; limited?: LimitedTokenHolder };

/** Whoever holds the token, full or limited: for the routes marked @AllowLimitedToken. */
export const tokenHolder = (request: AuthenticatedRequest): AuthenticatedUser | LimitedTokenHolder => request.user ?? request.limited!;

/** A route's access rules, from its decorators and its controller's. */
interface RouteRules {
  isPublic: boolean;
  tokenLimits: TokenLimit[] | undefined;
  roles: Role[] | undefined;
}

/**
 * Global guard: a valid bearer token on every route but @Public ones, whose membership is still the
 * one it was signed for (removed or changed since: 401, the client refreshes), then the route's @Roles.
 * It answers without waiting when the token and the membership are already known to this process
 * (almost every request): no promise, no microtask, on the hot path (issue 12).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  /** Each route's rules, read once: the decorators' metadata does not change while the process runs. */
  private readonly rules = new WeakMap<object, WeakMap<object, RouteRules>>();

  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly memberships: LiveMemberships,
  ) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const rules = this.rulesOf(context);
    if (rules.isPublic) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    if (!token) throw new UnauthenticatedError('This route needs a bearer token: log in first.');
    const known = this.tokens.verifiedBefore(token);
    if (known) return this.admit(request, known, rules);
    return this.tokens.verify(token).then(
      (user) => this.admit(request, user, rules),
      () => {
        throw new UnauthenticatedError('The token is invalid or has expired: log in again.');
      },
    );
  }

  /** The checks after the token's: its limit, its membership (live), the route's roles. */
  private admit(request: AuthenticatedRequest, user: AuthenticatedUser | LimitedTokenHolder, rules: RouteRules): boolean | Promise<boolean> {
    if ('limit' in user) {
      if (!rules.tokenLimits?.includes(user.limit)) throw new ForbiddenError(WHAT_TO_DO[user.limit]);
      request.limited = user;
      return true;
    }
    if (!user.organizationId) return this.authorize(request, user, rules);
    const cached = this.memberships.cached(user.organizationId, user.userId);
    if (cached !== undefined) return this.authorize(request, user, rules, cached);
    return this.memberships.get(user.organizationId, user.userId).then((live) => this.authorize(request, user, rules, live));
  }

  private authorize(request: AuthenticatedRequest, user: AuthenticatedUser, rules: RouteRules, live?: LiveMembership | null): boolean {
    if (user.organizationId && live?.accessVersion !== user.membershipVersion) {
      throw new UnauthenticatedError('Your membership of this organisation has changed or ended: refresh your token or log in again.');
    }
    request.user = user;
    if (rules.roles && !rules.roles.includes(user.role)) throw new ForbiddenError();
    return true;
  }

  private rulesOf(context: ExecutionContext): RouteRules {
    const [handler, controller] = [context.getHandler(), context.getClass()];
    let ofController = this.rules.get(controller);
    if (!ofController) this.rules.set(controller, (ofController = new WeakMap()));
    let rules = ofController.get(handler);
    if (!rules) {
      const targets = [handler, controller];
      rules = {
        isPublic: this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets) ?? false,
        tokenLimits: this.reflector.getAllAndOverride<TokenLimit[] | undefined>(ALLOWED_TOKEN_LIMITS, targets),
        roles: this.reflector.getAllAndOverride<Role[] | undefined>(ALLOWED_ROLES, targets),
      };
      ofController.set(handler, rules);
    }
    return rules;
  }
}

/** What a limited token's holder must do before any other route answers them. */
const WHAT_TO_DO: Record<TokenLimit, string> = {
  password_change: 'Choose your own password first (POST /api/v1/me/password), then log in again.',
  no_organization: 'You have no active membership yet: accept an invitation (GET /api/v1/me/invitations), then log in again.',
};
