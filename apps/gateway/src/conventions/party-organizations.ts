import { BusinessRuleError } from '@app/platform';
import { ConventionsProblem, type ConventionParty, type FieldError } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import { OrganizationsRepository } from '../identity/organizations.repository.js';

/**
 * The organisations behind a convention's parties. The gateway owns identity: the conventions
 * service holds organisation ids only, so the gateway checks that they exist and names them.
 */
@Injectable()
export class PartyOrganizations {
  constructor(private readonly organizations: OrganizationsRepository) {}

  /** 422 naming each party whose organisation does not exist, in one query. */
  async assertExist(parties: ConventionParty[]): Promise<void> {
    const known = await this.names(parties.map((party) => party.organizationId));
    const errors = parties.flatMap((party, index): FieldError[] =>
      known.has(party.organizationId) ? [] : [{ field: `parties[${index}].organizationId`, code: 'unknownOrganization', message: 'names no organisation' }],
    );
    if (errors.length > 0) throw new BusinessRuleError('Some parties name no organisation.', ConventionsProblem.UnknownOrganizations, { errors });
  }

  /** The names of the organisations among `ids` that exist. */
  names(ids: string[]): Promise<Map<string, string>> {
    return this.organizations.names(ids);
  }
}
