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

/** The JWT claims we sign (RFC 7519 names where one exists). */
export interface AccessTokenClaims {
  sub: string;
  org: string | null;
  role: Role;
  /** membershipVersion */
  mv?: number;
}
