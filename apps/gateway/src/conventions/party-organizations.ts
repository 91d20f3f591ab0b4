import { BusinessRuleError } from '@app/platform';
import { ConventionsProblem, type ConventionParty } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { OrganizationEntity } from '../identity/identity.entities.js';

/**
 * The organisations behind a convention's parties. The gateway owns identity: the conventions
 * service holds organisation ids only, so the gateway checks that they exist and names them.
 */
@Injectable()
export class PartyOrganizations {
  constructor(private readonly dataSource: DataSource) {}

  /** 422 naming each party whose organisation does not exist, in one query. */
  async assertExist(parties: ConventionParty[]): Promise<void> {
    const known = await this.names(parties.map((party) => party.organizationId));
    const errors = parties.flatMap((party, index) =>
      known.has(party.organizationId) ? [] : [{ field: `parties[${index}].organizationId`, message: 'names no organisation' }],
    );
    if (errors.length > 0) throw new BusinessRuleError('Some parties name no organisation.', ConventionsProblem.UnknownOrganizations, { errors });
  }

  /** The names of the organisations among `ids` that exist. */
  async names(ids: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows = await this.dataSource.getRepository(OrganizationEntity).find({ where: { id: In(unique) }, select: { id: true, name: true } });
    return new Map(rows.map((row) => [row.id, row.name]));
  }
}
