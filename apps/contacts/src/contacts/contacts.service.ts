import {
  type Actor,
  type Contact,
  ContactErased,
  ContactOptedIn,
  ContactOptedOut,
  type ContactRefPayload,
  type CreateContact,
  type Envelope,
  type EraseContact,
  type ListAudit,
  type ListContacts,
  type ListSharedContacts,
  type Page,
  type AuditEntry,
  type PersonalData,
  type Role,
  type UpdateContact,
} from '@app/contracts';
import { assertRole, ConventionSharing, type EventOrigin, OutboxService, PreconditionFailedError, UnitOfWork } from '@app/platform';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditTrail } from '../audit/audit-trail.js';
import { CompanyDirectory } from '../company-directory/company-directory.js';
import type { ContactEntity } from './contact.entity.js';
import { changedFields, filledFields, toContact, toContactColumns } from './contact.mapper.js';
import { AuditNotFoundError, ContactCompanyNotFoundError, ContactNotFoundError } from './contacts.errors.js';
import { type OptOutColumn, ContactsRepository } from './contacts.repository.js';

/** Volunteers add contacts (their role allows it) and record what they learn on the phone, an objection included. */
const WRITERS: readonly Role[] = ['manager', 'volunteer'];
/** Erasure, export and the audit trail are the data controller's business: managers. */
const MANAGERS: readonly Role[] = ['manager'];

/** Contacts: personal data, with every create, change, export and erasure in the audit trail. */
@Injectable()
export class ContactsService {
  constructor(
    private readonly repository: ContactsRepository,
    private readonly companies: CompanyDirectory,
    private readonly audit: AuditTrail,
    private readonly unitOfWork: UnitOfWork,
    private readonly outbox: OutboxService,
    private readonly sharing: ConventionSharing,
  ) {}

  async create(envelope: Envelope<CreateContact.Request>): Promise<Contact> {
    const { actor, data } = envelope;
    const { companyId, ...fields } = data;
    // 404 before 403: a viewer must not learn that another organisation's company exists.
    await this.companies.assertKnown(envelope, companyId);
    assertRole(actor, WRITERS);
    return this.unitOfWork.write(envelope, async (tx) => {
      await this.companies.assertLive(tx, actor.organizationId, companyId);
      const columns = { lawfulBasis: 'legitimate_interest' as const, ...toContactColumns(fields) };
      if (columns.optedOut) (columns as OptOutColumn).optedOutAt = 'now';
      const row = await this.repository.insert(tx, actor.organizationId, companyId, columns);
      await this.audit.record(tx, auditOrigin(envelope), 'contact', [row.id], 'created', filledFields(row));
      if (row.optedOut) await this.optedOut(tx, envelope, row);
      return toContact(row);
    });
  }

  async list(envelope: Envelope<ListContacts.Request>): Promise<Page<Contact>> {
    const { actor, data } = envelope;
    await this.companies.assertKnown(envelope, data.companyId);
    return this.repository.list(actor.organizationId, data.companyId, data.limit, data.cursor);
  }

  /**
   * The owner's contacts of a company, listed as the owner lists them (opted-out ones included and
   * flagged), for a member of another party of a convention the owner shares (docs/sharing.md).
   * Reading is not audited, for the owner either.
   */
  async listShared(envelope: Envelope<ListSharedContacts.Request>): Promise<Page<Contact>> {
    const { actor, data } = envelope;
    // The 404 of an unknown company: an organisation outside the convention learns nothing.
    if (!(await this.sharing.areParties(data.conventionId, [actor.organizationId, data.ownerOrganizationId]))) throw new ContactCompanyNotFoundError();
    await this.companies.assertHeardOf(data.ownerOrganizationId, data.companyId);
    return this.repository.list(data.ownerOrganizationId, data.companyId, data.limit, data.cursor);
  }

  async get(actor: Actor, id: string): Promise<Contact> {
    const row = await this.repository.findOne(actor.organizationId, id);
    if (!row) throw new ContactNotFoundError();
    return toContact(row);
  }

  async update(envelope: Envelope<UpdateContact.Request>): Promise<Contact> {
    const { actor, data } = envelope;
    await this.assertAllowed(actor, data.id, WRITERS);
    return this.unitOfWork.write(envelope, async (tx) => {
      // Locked: the audit compares the new state with the one it replaces, which nobody else can change meanwhile.
      const before = await this.repository.lockOne(tx, actor.organizationId, data.id);
      if (!before) throw new ContactNotFoundError();
      const columns: ReturnType<typeof toContactColumns> & OptOutColumn = toContactColumns(data.changes);
      if (columns.optedOut === true && !before.optedOut) columns.optedOutAt = 'now';
      if (columns.optedOut === false && before.optedOut) columns.optedOutAt = null;
      const outcome = await this.repository.update(tx, actor.organizationId, data.id, columns, data.expectedVersion);
      if (outcome.status === 'not-found') throw new ContactNotFoundError();
      if (outcome.status === 'stale') throw new PreconditionFailedError(outcome.version);
      const after = outcome.contact;
      const changed = changedFields(before, after);
      const origin = auditOrigin(envelope);
      if (after.optedOut && !before.optedOut) {
        await this.optedOut(tx, envelope, after);
      } else if (!after.optedOut && before.optedOut) {
        await this.outbox.add(tx, ContactOptedIn, envelope, refOf(after));
      }
      // An objection is its own entry; whatever else changed with it is an `updated` entry.
      const updated = after.optedOut && !before.optedOut ? changed.filter((field) => field !== 'optedOut') : changed;
      if (updated.length > 0) await this.audit.record(tx, origin, 'contact', [after.id], 'updated', updated);
      return toContact(after);
    });
  }

  /** Erasure (GDPR art. 17): the row goes; the audit keeps ids and actions; other services hear of it. */
  async erase(envelope: Envelope<EraseContact.Request>): Promise<EraseContact.Response> {
    const { actor, data } = envelope;
    await this.assertAllowed(actor, data.id, MANAGERS);
    return this.unitOfWork.write(envelope, async (tx) => {
      const companyId = await this.repository.delete(tx, actor.organizationId, data.id);
      if (!companyId) throw new ContactNotFoundError();
      await this.forget(tx, auditOrigin(envelope), envelope, [{ id: data.id, organizationId: actor.organizationId, companyId }]);
      return { id: data.id };
    });
  }

  /** A deleted company's contacts go with it, erased by the system (applied from the companies service's event). */
  async eraseForCompany(tx: EntityManager, organizationId: string, companyId: string, requestId?: string): Promise<number> {
    const ids = await this.repository.deleteForCompany(tx, organizationId, companyId);
    const origin = { actor: { organizationId }, requestId };
    await this.forget(tx, { actor: null, organizationId, requestId }, origin, ids.map((id) => ({ id, organizationId, companyId })));
    return ids.length;
  }

  /** Right of access: this service's section (the contact and its audit trail); the export itself is audited. */
  async exportPersonalData(envelope: Envelope<PersonalData.Request>): Promise<PersonalData.Response> {
    const { actor, data } = envelope;
    await this.assertAllowed(actor, data.contactId, MANAGERS);
    // No Idempotency-Key: every export is a disclosure of its own and is recorded as one.
    return this.unitOfWork.write({ actor, deadline: envelope.deadline }, async (tx) => {
      const row = await this.repository.findOne(actor.organizationId, data.contactId, tx);
      if (!row) throw new ContactNotFoundError();
      await this.audit.record(tx, auditOrigin(envelope), 'contact', [row.id], 'exported');
      const auditTrail = await this.audit.all(tx, actor.organizationId, 'contact', row.id);
      return { service: 'contacts', data: { contact: toContact(row), auditTrail } };
    });
  }

  /** The audit trail of a contact, erased ones included (managers). */
  async auditTrail(actor: Actor, { entity, id, limit, cursor }: ListAudit.Request): Promise<Page<AuditEntry>> {
    // 404 before 403, and the trail outlives the contact: existence is "has entries in this organisation".
    if (!(await this.audit.exists(actor.organizationId, entity, id))) throw new AuditNotFoundError();
    assertRole(actor, MANAGERS);
    return this.audit.page(actor.organizationId, entity, id, limit, cursor);
  }

  private async optedOut(tx: EntityManager, envelope: Envelope<unknown>, contact: ContactEntity): Promise<void> {
    await this.audit.record(tx, auditOrigin(envelope), 'contact', [contact.id], 'opted_out', ['optedOut']);
    await this.outbox.add(tx, ContactOptedOut, envelope, refOf(contact));
  }

  private async forget(tx: EntityManager, audit: Parameters<AuditTrail['record']>[1], origin: EventOrigin, contacts: ContactRefPayload[]): Promise<void> {
    if (contacts.length === 0) return;
    const ids = contacts.map((contact) => contact.id);
    await this.audit.record(tx, audit, 'contact', ids, 'erased');
    await this.unitOfWork.eraseResults(tx, audit.organizationId, ids);
    for (const contact of contacts) await this.outbox.add(tx, ContactErased, origin, contact);
  }

  /** 404 before 403: a reader must not learn that another organisation's id exists (docs/api-conventions.md). */
  private async assertAllowed(actor: Actor, id: string, roles: readonly Role[]): Promise<void> {
    if (roles.includes(actor.role)) return;
    if (!(await this.repository.findOne(actor.organizationId, id))) throw new ContactNotFoundError();
    assertRole(actor, roles);
  }
}

const refOf = (contact: ContactEntity): ContactRefPayload => ({ id: contact.id, organizationId: contact.organizationId, companyId: contact.companyId });

const auditOrigin = (envelope: Envelope<unknown>) => ({ actor: envelope.actor, organizationId: envelope.actor.organizationId, requestId: envelope.requestId });
