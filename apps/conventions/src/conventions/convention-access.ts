import type { Actor } from '@app/contracts';
import { assertRole, ForbiddenError } from '@app/platform';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ConventionNotFoundError } from './conventions.errors.js';
import { type ConventionRow, ConventionsRepository } from './conventions.repository.js';

const MANAGERS = ['manager'] as const;

/**
 * The one place that decides who sees and changes a convention: every member of a party
 * organisation reads it; managers of a signatory change it. 404 before 403: a non-party never
 * learns that the convention exists.
 */
@Injectable()
export class ConventionAccess {
  constructor(private readonly conventions: ConventionsRepository) {}

  /** The convention, if the actor's organisation is a party; ConventionNotFoundError (404) otherwise. */
  async readable(actor: Actor, id: string, tx?: EntityManager, lock = false): Promise<ConventionRow> {
    const convention = await this.conventions.findForParty(actor.organizationId, id, tx, lock);
    if (!convention) throw new ConventionNotFoundError();
    return convention;
  }

  /** The convention, if the actor may change it: 404 for a non-party, then 403 unless a manager of a signatory. */
  async manageable(actor: Actor, id: string, tx?: EntityManager, lock = false): Promise<ConventionRow> {
    const convention = await this.readable(actor, id, tx, lock);
    this.assertSignatoryManager(actor, convention);
    return convention;
  }

  assertSignatoryManager(actor: Actor, convention: ConventionRow): void {
    assertRole(actor, MANAGERS);
    if (convention.caller_role !== 'signatory') throw new ForbiddenError('Only the managers of a signatory organisation change this convention.');
  }

  isSignatoryManager(actor: Actor, convention: ConventionRow): boolean {
    return actor.role === 'manager' && convention.caller_role === 'signatory';
  }
}
