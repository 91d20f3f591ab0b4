import type { Role } from '@app/contracts';

/** The verified token, attached to the request by the AuthGuard. */
export interface AuthenticatedUser {
  userId: string;
  /** null for a platform administrator's token, which is not scoped to an organisation. */
  organizationId: string | null;
  role: Role;
  /** The membership's access version when the token was signed (organisation tokens only): the guard compares it with the live one. */
  membershipVersion?: number;
}

/**
 * Why a token is limited: its holder must change the password a manager set (`password_change`), or
 * has no active membership yet (`no_organization`: they can only answer their invitations).
 */
export const TOKEN_LIMITS = ['password_change', 'no_organization'] as const;
export type TokenLimit = (typeof TOKEN_LIMITS)[number];

/** A limited token: no organisation, no role; only the routes marked @AllowLimitedToken accept it. */
export interface LimitedTokenHolder {
  userId: string;
  limit: TokenLimit;
}

/** The JWT claims we sign (RFC 7519 names where one exists); a limited token has `lim` and no role. */
export interface AccessTokenClaims {
  sub: string;
  org: string | null;
  role?: Role;
  /** membershipVersion */
  mv?: number;
  lim?: TokenLimit;
}
