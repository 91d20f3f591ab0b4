import { type Contact, type ContactChanges, CONTACT_FIELDS, type ContactField, type ContactFields } from '@app/contracts';
import type { ContactEntity } from './contact.entity.js';

export function toContact(entity: ContactEntity): Contact {
  return {
    id: entity.id,
    organizationId: entity.organizationId,
    companyId: entity.companyId,
    firstName: entity.firstName,
    lastName: entity.lastName,
    jobTitle: entity.jobTitle,
    phone: entity.phone,
    email: entity.email,
    notes: entity.notes,
    lawfulBasis: entity.lawfulBasis,
    optedOut: entity.optedOut,
    optedOutAt: entity.optedOutAt?.toISOString() ?? null,
    createdAt: entity.createdAt.toISOString(),
    updatedAt: entity.updatedAt.toISOString(),
    version: entity.version,
  };
}

export type ContactColumns = Partial<Pick<ContactEntity, ContactField>>;

/** The columns a create or a change writes; fields absent from `fields` are left out (PATCH). */
export function toContactColumns(fields: ContactFields | ContactChanges): ContactColumns {
  const columns: ContactColumns = {};
  if (fields.firstName !== undefined) columns.firstName = fields.firstName ?? null;
  if (fields.lastName !== undefined) columns.lastName = fields.lastName;
  if (fields.jobTitle !== undefined) columns.jobTitle = fields.jobTitle ?? null;
  if (fields.phone !== undefined) columns.phone = fields.phone ?? null;
  if (fields.email !== undefined) columns.email = fields.email ?? null;
  if (fields.notes !== undefined) columns.notes = fields.notes ?? null;
  if (fields.lawfulBasis !== undefined) columns.lawfulBasis = fields.lawfulBasis;
  if (fields.optedOut !== undefined) columns.optedOut = fields.optedOut;
  return columns;
}

/** The names (never the values) of the fields whose value differs between two states of a contact. */
export function changedFields(before: Pick<ContactEntity, ContactField>, after: Pick<ContactEntity, ContactField>): ContactField[] {
  return CONTACT_FIELDS.filter((field) => before[field] !== after[field]);
}

/** The names of the fields a new contact was given a value for. */
export function filledFields(contact: Pick<ContactEntity, ContactField>): ContactField[] {
  return CONTACT_FIELDS.filter((field) => contact[field] !== null && contact[field] !== false);
}
