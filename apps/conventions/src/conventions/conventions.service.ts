import {
  type Actor,
  type Convention,
  type ConventionAxis,
  ConventionCreated,
  type ConventionParty,
  ConventionUpdated,
  type CreateConvention,
  type Envelope,
  type FieldError,
  type ListConventions,
  type Page,
  type UpdateConvention,
} from '@app/contracts';
import { assertRole, decodeCursor, OutboxService, pageSize, PreconditionFailedError, toPage, UnitOfWork, ValidationFailedError } from '@app/platform';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ConventionAccess } from './convention-access.js';
import { SignatoryRequiredError, StillReferencedError } from './conventions.errors.js';
import { toConvention } from './conventions.mapper.js';
import { type ConventionRow, ConventionsRepository } from './conventions.repository.js';

const READERS = ['manager', 'volunteer', 'viewer'] as const;
const MANAGERS = ['manager'] as const;

@Injectable()
export class ConventionsService {
  constructor(
    private readonly repository: ConventionsRepository,
    private readonly access: ConventionAccess,
    private readonly unitOfWork: UnitOfWork,
    private readonly outbox: OutboxService,
  ) {}

  create(envelope: Envelope<CreateConvention.Request>): Promise<Convention> {
    const { actor, data } = envelope;
    assertRole(actor, MANAGERS);
    assertWellFormed(data.parties, data.axes ?? [], data.startsOn, data.endsOn);
    assertSignatory(actor, data.parties);
    return this.unitOfWork.write(envelope, async (tx) => {
      const id = await this.repository.insert(tx, actor.organizationId, data);
      return this.announce(tx, envelope, id, ConventionCreated);
    });
  }

  async get(actor: Actor, id: string): Promise<Convention> {
    assertRole(actor, READERS);
    return toConvention(await this.access.readable(actor, id));
  }

  async list(actor: Actor, { limit, cursor }: ListConventions.Request): Promise<Page<Convention>> {
    assertRole(actor, READERS);
    const size = pageSize(limit);
    const rows = await this.repository.pageForParty(actor.organizationId, size, cursor ? decodePosition(cursor) : null);
    return toPage(rows, size, toConvention, (row) => [row.title, row.id]);
  }

  async update(envelope: Envelope<UpdateConvention.Request>): Promise<Convention> {
    const { actor, data } = envelope;
    const { changes } = data;
    // Outside the transaction first: a non-party gets its 404 (and a reader its 403) without a write starting.
    await this.access.manageable(actor, data.id);
    return this.unitOfWork.write(envelope, async (tx) => {
      const current = await this.access.manageable(actor, data.id, tx, true);
      if (current.version !== data.expectedVersion) throw new PreconditionFailedError(current.version);
      const parties = changes.parties ?? current.parties;
      const axes = changes.axes ?? current.axes;
      assertWellFormed(parties, axes, changes.startsOn ?? current.starts_on, changes.endsOn ?? current.ends_on);
      if (changes.parties) {
        assertSignatory(actor, changes.parties);
        await this.assertNothingDropped(tx, current, 'parties', current.parties.map((party) => party.organizationId), parties.map((party) => party.organizationId));
      }
      if (changes.axes) await this.assertNothingDropped(tx, current, 'axes', current.axes.map((axis) => axis.code), axes.map((axis) => axis.code));
      if (!(await this.repository.update(tx, data.id, changes, data.expectedVersion))) throw new PreconditionFailedError();
      if (changes.parties) await this.repository.replaceParties(tx, data.id, changes.parties);
      if (changes.axes) await this.repository.replaceAxes(tx, data.id, changes.axes);
      return this.announce(tx, envelope, data.id, ConventionUpdated);
    });
  }

  /** 422 when a party responsible for actions, or an axis named by actions or indicators, would leave. */
  private async assertNothingDropped(tx: EntityManager, current: ConventionRow, field: 'parties' | 'axes', before: string[], after: string[]): Promise<void> {
    const dropped = before.filter((key) => !after.includes(key));
    if (dropped.length === 0) return;
    const inUse = field === 'parties' ? await this.repository.responsibleOf(tx, current.id, dropped) : await this.repository.axesInUse(tx, current.id, dropped);
    if (inUse.length > 0) throw new StillReferencedError(field, inUse);
  }

  /** The stored convention, and its event with the parties after the change (other services project who shares it). */
  private async announce(tx: EntityManager, envelope: Envelope<unknown>, id: string, event: typeof ConventionCreated): Promise<Convention> {
    const stored = await this.access.readable(envelope.actor, id, tx);
    await this.outbox.add(tx, event, envelope, { id, version: stored.version, parties: stored.parties });
    return toConvention(stored);
  }
}

/** 400 for what the fields' own checks cannot see: an organisation or an axis code given twice, a period ending before it starts. */
function assertWellFormed(parties: ConventionParty[], axes: Pick<ConventionAxis, 'code'>[], startsOn: string, endsOn: string): void {
  const errors: FieldError[] = [
    ...repeated(parties.map((party) => party.organizationId), (index) => `parties[${index}].organizationId`, 'names an organisation already listed'),
    ...repeated(axes.map((axis) => axis.code), (index) => `axes[${index}].code`, 'is the code of another axis'),
  ];
  if (endsOn < startsOn) errors.push({ field: 'endsOn', code: 'notBefore', params: { other: 'startsOn' }, message: 'must be on or after startsOn' });
  if (errors.length > 0) throw new ValidationFailedError(errors);
}

function repeated(keys: string[], fieldOf: (index: number) => string, message: string): FieldError[] {
  return keys.flatMap((key, index) => (keys.indexOf(key) < index ? [{ field: fieldOf(index), code: 'duplicate' as const, message }] : []));
}

function assertSignatory(actor: Actor, parties: ConventionParty[]): void {
  if (!parties.some((party) => party.organizationId === actor.organizationId && party.role === 'signatory')) throw new SignatoryRequiredError();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function decodePosition(cursor: string): { title: string; id: string } {
  const [title, id] = decodeCursor(cursor, 2);
  if (typeof title !== 'string' || typeof id !== 'string' || !UUID.test(id)) {
    throw new ValidationFailedError([{ field: 'cursor', code: 'invalidCursor', message: 'cursor is not one this API gave out' }]);
  }
  return { title, id };
}
