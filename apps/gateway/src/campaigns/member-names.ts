import { Injectable } from '@nestjs/common';
import { MembersService } from '../identity/members.service.js';

/**
 * The names of the members behind the user ids the campaigns service answers with: the gateway owns
 * identity, the services hold ids only. Members of the caller's organisation, or of one sharing a
 * convention with it (a partner's caller in a shared campaign), only: a former member, or anyone
 * else, stays unnamed (null).
 */
@Injectable()
export class MemberNames {
  constructor(private readonly members: MembersService) {}

  /**
   * A lookup for one organisation: each call is one query for the ids it has not seen yet (an export
   * names the same few callers on every page of a thousand calls); an id that names nobody maps to null.
   */
  lookup(organizationId: string): (ids: string[]) => Promise<Map<string, string | null>> {
    const known = new Map<string, string | null>();
    return async (ids) => {
      const unknown = [...new Set(ids)].filter((id) => !known.has(id));
      if (unknown.length > 0) {
        const names = await this.members.userNames(unknown, organizationId);
        for (const id of unknown) known.set(id, names.get(id) ?? null);
      }
      return known;
    };
  }
}
