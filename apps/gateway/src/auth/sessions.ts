import { countOf, Pruning, UnauthenticatedError } from '@app/platform';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { DataSource, type EntityManager, IsNull } from 'typeorm';
import { GatewayEnv } from '../config/gateway.env.js';
import { MembershipEntity, RefreshTokenEntity, UserEntity } from '../identity/identity.entities.js';
import type { AuthenticatedUser } from './authenticated-user.js';
import { TokenService } from './token.service.js';

/** What login and refresh answer. */
export interface TokenPair {
  accessToken: string;
  /** When the access token expires. */
  expiresAt: string;
  refreshToken: string;
  refreshTokenExpiresAt: string;
}

// 256 bits from the CSPRNG: guessing one is hopeless, so a fast hash (SHA-256) is enough to store it.
const REFRESH_TOKEN_BYTES = 32;
const DAY_MS = 86_400_000;

const hashOf = (refreshToken: string): Buffer => createHash('sha256').update(refreshToken, 'utf8').digest();

/**
 * Sessions: a short access token (JWT_TTL_SECONDS) plus an opaque refresh token (REFRESH_TOKEN_TTL_DAYS)
 * that rotates at every use. A login starts a family; a refresh token presented again after it was
 * rotated means it leaked, so the whole family is revoked (OAuth 2.0 Security BCP, RFC 9700 §4.14).
 * Each refresh reads the membership again, so the new access token carries the role of now.
 */
@Injectable()
export class Sessions implements OnModuleInit {
  private readonly logger = new Logger(Sessions.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly tokens: TokenService,
    private readonly env: GatewayEnv,
    private readonly pruning: Pruning,
  ) {}

  /** Expired refresh tokens are pruned with everything else, in batches, on the one scheduler. */
  onModuleInit(): void {
    this.pruning.add({ name: 'refresh-tokens', pruneBatch: (limit) => this.pruneExpired(Date.now(), limit) });
  }

  /** A new session (login): a new family. */
  async start(session: AuthenticatedUser): Promise<TokenPair> {
    const refresh = await this.insertRefreshToken(this.dataSource.manager, randomUUID(), session);
    return { ...(await this.tokens.sign(session, this.env.JWT_TTL_SECONDS)), ...refresh };
  }

  /** Exchanges a refresh token for a new pair; 401 when it is unknown, expired, revoked or already used. */
  async refresh(presented: string): Promise<TokenPair> {
    const outcome = await this.dataSource.transaction(async (tx) => {
      const current = await tx
        .getRepository(RefreshTokenEntity)
        .findOne({ where: { tokenHash: hashOf(presented) }, lock: { mode: 'pessimistic_write' } });
      if (!current || current.revokedAt || current.expiresAt.getTime() <= Date.now()) return undefined;
      if (current.rotatedAt) {
        this.logger.warn({ userId: current.userId, familyId: current.familyId }, 'A rotated refresh token was used again: its family is revoked');
        await this.revokeWhere(tx, { familyId: current.familyId });
        return undefined;
      }
      const session = await liveSession(tx, current);
      if (!session) {
        await this.revokeWhere(tx, { familyId: current.familyId });
        return undefined;
      }
      await tx.getRepository(RefreshTokenEntity).update({ id: current.id }, { rotatedAt: () => 'now()' });
      return { session, refresh: await this.insertRefreshToken(tx, current.familyId, session) };
    });
    if (!outcome) throw new UnauthenticatedError('This refresh token is expired, revoked or already used: log in again.');
    return { ...(await this.tokens.sign(outcome.session, this.env.JWT_TTL_SECONDS)), ...outcome.refresh };
  }

  /** Logout: revokes the family of this refresh token, if it is the caller's (anything else: nothing to do). */
  async logout(userId: string, presented: string): Promise<void> {
    const token = await this.dataSource.getRepository(RefreshTokenEntity).findOneBy({ tokenHash: hashOf(presented), userId });
    if (token) await this.revokeWhere(this.dataSource.manager, { familyId: token.familyId });
  }

  /** Every session of this user ends (for a password change), in the caller's transaction when given. */
  async revokeAllOfUser(userId: string, tx: EntityManager = this.dataSource.manager): Promise<void> {
    await this.revokeWhere(tx, { userId });
  }

  /** The user's sessions in this organisation end (removal from it), in the caller's transaction. */
  async revokeMembership(tx: EntityManager, organizationId: string, userId: string): Promise<void> {
    await this.revokeWhere(tx, { organizationId, userId });
  }

  /**
   * Deletes at most `limit` refresh tokens expired for a day (a day of grace keeps reuse of a
   * just-expired one visible in the log); answers how many it deleted.
   */
  async pruneExpired(now = Date.now(), limit = 1000): Promise<number> {
    return countOf(
      await this.dataSource.query(
        `WITH "deleted" AS (
           DELETE FROM "identity"."refresh_token" WHERE "id" IN (
             SELECT "id" FROM "identity"."refresh_token" WHERE "expires_at" < $1 LIMIT $2 FOR UPDATE SKIP LOCKED
           ) RETURNING 1
         ) SELECT count(*)::int AS "count" FROM "deleted"`,
        [new Date(now - DAY_MS), limit],
      ),
    );
  }

  private async insertRefreshToken(tx: EntityManager, familyId: string, session: AuthenticatedUser): Promise<Pick<TokenPair, 'refreshToken' | 'refreshTokenExpiresAt'>> {
    const refreshToken = randomBytes(REFRESH_TOKEN_BYTES).toString('base64url');
    const expiresAt = new Date(Date.now() + this.env.REFRESH_TOKEN_TTL_DAYS * DAY_MS);
    await tx.getRepository(RefreshTokenEntity).insert({
      familyId,
      userId: session.userId,
      organizationId: session.organizationId,
      tokenHash: hashOf(refreshToken),
      expiresAt,
    });
    return { refreshToken, refreshTokenExpiresAt: expiresAt.toISOString() };
  }

  private async revokeWhere(tx: EntityManager, where: { familyId: string } | { userId: string; organizationId?: string }): Promise<void> {
    await tx.getRepository(RefreshTokenEntity).update({ ...where, revokedAt: IsNull() }, { revokedAt: () => 'now()' });
  }
}

/** The session a refresh token may continue, from the live membership (or admin flag); undefined if gone. */
async function liveSession(tx: EntityManager, token: RefreshTokenEntity): Promise<AuthenticatedUser | undefined> {
  if (token.organizationId === null) {
    const user = await tx.getRepository(UserEntity).findOneBy({ id: token.userId });
    return user?.isPlatformAdmin ? { userId: user.id, organizationId: null, role: 'admin' } : undefined;
  }
  const membership = await tx.getRepository(MembershipEntity).findOneBy({ organizationId: token.organizationId, userId: token.userId, status: 'active' });
  if (!membership) return undefined;
  return { userId: membership.userId, organizationId: membership.organizationId, role: membership.role, membershipVersion: membership.accessVersion };
}
