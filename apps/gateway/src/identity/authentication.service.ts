import { CommonProblem } from '@app/contracts';
import { DomainError, NotFoundError, OutboxService, UnauthenticatedError, UnitOfWork, ValidationFailedError } from '@app/platform';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthenticatedUser, LimitedTokenHolder } from '../auth/authenticated-user.js';
import { LiveMemberships } from '../auth/live-memberships.js';
import { LoginThrottle } from '../auth/login-throttle.js';
import { Sessions } from '../auth/sessions.js';
import { TokenService } from '../auth/token.service.js';
import { GatewayEnv } from '../config/gateway.env.js';
import { AuthenticationRepository } from './authentication.repository.js';
import type { ChangePasswordBody, Invitation, LoginBody, LoginResponse, MeResponse } from './identity.dto.js';
import type { UserEntity } from './identity.entities.js';
import { MembershipAdded, recordMembershipChange } from './membership-events.js';
import { OrganizationsRepository } from './organizations.repository.js';
import { PasswordHasher, PasswordPolicy } from './password-policy.js';

/** Who the caller is: logging in, their own account and password, answering their invitations. */
@Injectable()
export class AuthenticationService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AuthenticationService.name);

  constructor(
    private readonly accounts: AuthenticationRepository,
    private readonly organizations: OrganizationsRepository,
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly throttle: LoginThrottle,
    private readonly env: GatewayEnv,
    private readonly sessions: Sessions,
    private readonly liveMemberships: LiveMemberships,
    private readonly outbox: OutboxService,
    private readonly tokens: TokenService,
    private readonly passwords: PasswordPolicy,
    private readonly hasher: PasswordHasher,
  ) {}

  /** Creates the first platform administrator from FILON_ADMIN_EMAIL / FILON_ADMIN_PASSWORD (and warns of a lowered hash cost). */
  async onApplicationBootstrap(): Promise<void> {
    if (this.hasher.belowProductionCost) this.logger.warn('PASSWORD_HASH_MEMORY_KIB or PASSWORD_HASH_PASSES is below production\'s argon2id cost: a setting for tests, never for a deployment');
    const email = this.env.FILON_ADMIN_EMAIL?.toLowerCase();
    const password = this.env.FILON_ADMIN_PASSWORD;
    if (!email || !password) return;
    // The operator's own setting, not a person's choice through the API: a weak one is said loudly
    // rather than refused, so that the laptop quick start (docker compose) still starts.
    const weakness = this.passwords.weakness(password, email);
    if (weakness) this.logger.warn(`FILON_ADMIN_PASSWORD ${weakness.replace(/\.$/, '')}: set a strong one before anyone else can reach this gateway`);
    if (await this.accounts.insertAdministrator(email, await this.hasher.hash(password))) this.logger.log({ email }, 'Created the first administrator');
  }

  async login({ email, password, organizationId }: LoginBody, address: string): Promise<LoginResponse> {
    const attempt = await this.throttle.begin(email, address);
    const user = await this.accounts.userByEmail(email);
    const valid = await this.hasher.verify(user?.passwordHash, password);
    await this.throttle.settle(attempt, user !== null && valid);
    if (!user || !valid) throw new UnauthenticatedError('Wrong email or password.');
    const userSummary = { id: user.id, email: user.email, name: user.name };
    // Someone else set this password: the token only lets the person choose their own.
    if (user.passwordChangeRequired) return this.limitedLogin({ userId: user.id, limit: 'password_change' }, userSummary);
    const memberships = await this.accounts.memberships(user.id, 'active');

    let session: AuthenticatedUser;
    let organization: { id: string; name: string } | null = null;
    const chosen = organizationId ? memberships.find((m) => m.organizationId === organizationId) : undefined;
    if (chosen) {
      session = { userId: user.id, organizationId: chosen.organizationId, role: chosen.role, membershipVersion: chosen.accessVersion };
      organization = { id: chosen.organization.id, name: chosen.organization.name };
    } else if (user.isPlatformAdmin && !organizationId) {
      session = { userId: user.id, organizationId: null, role: 'admin' };
    } else if (!organizationId && memberships.length === 1) {
      const [only] = memberships;
      session = { userId: user.id, organizationId: only.organizationId, role: only.role, membershipVersion: only.accessVersion };
      organization = { id: only.organization.id, name: only.organization.name };
    } else if (memberships.length === 0) {
      // Not a member anywhere yet: a token good for answering invitations (and GET /me) only.
      return this.limitedLogin({ userId: user.id, limit: 'no_organization' }, userSummary);
    } else {
      throw new DomainError({
        type: CommonProblem.ValidationFailed,
        title: 'Choose an organisation',
        status: 400,
        detail: organizationId ? 'You are not a member of that organisation.' : 'You belong to several organisations: name one in organizationId.',
        errors: [{ field: 'organizationId', code: 'notYourOrganization', message: 'must be one of your organisations' }],
        organizations: memberships.map((m) => ({ id: m.organization.id, name: m.organization.name, role: m.role })),
      });
    }
    const tokens = await this.sessions.start(session);
    return { ...tokens, user: userSummary, organization, role: session.role, passwordChangeRequired: false };
  }

  /** A limited token has no refresh token: once its holder has done what it allows, they log in again. */
  private async limitedLogin(holder: LimitedTokenHolder, user: LoginResponse['user']): Promise<LoginResponse> {
    const { accessToken, expiresAt } = await this.tokens.sign(holder, this.env.JWT_TTL_SECONDS);
    return {
      accessToken,
      expiresAt,
      refreshToken: null,
      refreshTokenExpiresAt: null,
      user,
      organization: null,
      role: null,
      passwordChangeRequired: holder.limit === 'password_change',
    };
  }

  async me(caller: AuthenticatedUser | LimitedTokenHolder): Promise<MeResponse> {
    const user = await this.requireUser(caller.userId);
    const organizationId = 'limit' in caller ? null : caller.organizationId;
    const organization = organizationId ? await this.organizations.findById(organizationId) : null;
    return {
      user: { id: user.id, email: user.email, name: user.name },
      organization: organization ? { id: organization.id, name: organization.name } : null,
      role: 'limit' in caller ? null : caller.role,
      passwordChangeRequired: user.passwordChangeRequired,
    };
  }

  /**
   * The caller replaces their password (the one a manager set, or their own). A wrong current password
   * counts as a failed login, so that a stolen token cannot be used to guess it.
   */
  async changePassword(caller: AuthenticatedUser | LimitedTokenHolder, { currentPassword, newPassword }: ChangePasswordBody, address: string): Promise<void> {
    const user = await this.requireUser(caller.userId);
    const attempt = await this.throttle.begin(user.email, address);
    const valid = await this.hasher.verify(user.passwordHash, currentPassword);
    await this.throttle.settle(attempt, valid);
    if (!valid) {
      throw new ValidationFailedError([{ field: 'currentPassword', code: 'wrongPassword', message: 'is not your current password' }], 'The current password is wrong.');
    }
    if (newPassword === currentPassword) {
      throw new ValidationFailedError([{ field: 'newPassword', code: 'samePassword', message: 'must differ from the current password' }], 'Choose a new password, different from the current one.');
    }
    this.passwords.assertStrong(newPassword, user.email, 'newPassword');
    const passwordHash = await this.hasher.hash(newPassword);
    // Every session ends with the old password: whoever knew it keeps no refresh token.
    await this.dataSource.transaction(async (tx) => {
      await this.accounts.replacePassword(tx, user.id, passwordHash);
      await this.sessions.revokeAllOfUser(user.id, tx);
    });
  }

  /** The caller's pending invitations, by organisation name (a bounded answer: the first MAX_PAGE_SIZE). */
  async invitations(caller: AuthenticatedUser | LimitedTokenHolder): Promise<Invitation[]> {
    const rows = await this.accounts.invitations(caller.userId);
    return rows.map((membership) => ({ organization: { id: membership.organization.id, name: membership.organization.name }, role: membership.role }));
  }

  /** Accepting makes the membership active (log in again for a token of that organisation); no pending invitation: 404. */
  async acceptInvitation(caller: AuthenticatedUser | LimitedTokenHolder, organizationId: string): Promise<void> {
    const { userId } = caller;
    const invitation = await this.accounts.invitation(organizationId, userId);
    if (!invitation) throw new NotFoundError('invitation');
    await this.unitOfWork.write({ actor: { userId, organizationId, role: invitation.role } }, async (tx) => {
      if (!(await this.accounts.acceptInvitation(tx, organizationId, userId))) throw new NotFoundError('invitation');
      await recordMembershipChange(this.outbox, tx, MembershipAdded, { organizationId, userId, role: invitation.role });
    });
    this.liveMemberships.forget(organizationId, userId);
  }

  async declineInvitation(caller: AuthenticatedUser | LimitedTokenHolder, organizationId: string): Promise<void> {
    if (!(await this.accounts.declineInvitation(organizationId, caller.userId))) throw new NotFoundError('invitation');
  }

  private async requireUser(userId: string): Promise<UserEntity> {
    const user = await this.accounts.userById(userId);
    if (!user) throw new UnauthenticatedError('This account no longer exists.');
    return user;
  }
}
