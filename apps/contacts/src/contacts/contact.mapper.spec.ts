import { describe, expect, it } from 'vitest';
import type { ContactEntity } from './contact.entity.js';
import { changedFields, filledFields, toContact, toContactColumns } from './contact.mapper.js';

const entity = (fields: Partial<ContactEntity> = {}): ContactEntity => ({
  id: 'c0000000-0000-4000-8000-000000000001',
  organizationId: 'a0000000-0000-4000-8000-000000000001',
  companyId: 'b0000000-0000-4000-8000-000000000001',
  firstName: 'Sophie',
  lastName: 'Vandamme',
  jobTitle: null,
  phone: '+33328123456',
  email: null,
  notes: null,
  lawfulBasis: 'legitimate_interest',
  optedOut: false,
  optedOutAt: null,
  createdAt: new Date('2026-01-02T03:04:05.000Z'),
  updatedAt: new Date('2026-01-03T03:04:05.000Z'),
  version: 1,
  ...fields,
});

describe('toContactColumns', () => {
  it('should leave every absent field out when a change names a single field', () => {
    expect(toContactColumns({ jobTitle: 'Gérante' })).toEqual({ jobTitle: 'Gérante' });
    expect(toContactColumns({})).toEqual({});
  });

  it('should write nulls and false explicitly when a change clears fields', () => {
    expect(toContactColumns({ firstName: null, phone: null, email: null, notes: null, jobTitle: null, optedOut: false })).toEqual({
      firstName: null,
      phone: null,
      email: null,
      notes: null,
      jobTitle: null,
      optedOut: false,
    });
  });
});

describe('changedFields', () => {
  it('should name only the fields whose value differs when two states are compared', () => {
    const before = entity({ jobTitle: 'Apprentie', notes: 'Rappeler' });
    const after = entity({ jobTitle: 'Gérante', notes: 'Rappeler', phone: '+33612345678', version: 2 });
    expect(changedFields(before, after)).toEqual(['jobTitle', 'phone']);
  });

  it('should name nothing when the same values were written again', () => {
    expect(changedFields(entity(), entity({ version: 2, updatedAt: new Date() }))).toEqual([]);
  });

  it('should name a field set to null or an objection when they change', () => {
    expect(changedFields(entity(), entity({ firstName: null, optedOut: true }))).toEqual(['firstName', 'optedOut']);
  });
});

describe('filledFields', () => {
  it('should name the fields given a value when a contact is created', () => {
    expect(filledFields(entity({ email: 'sophie@example.test' }))).toEqual(['firstName', 'lastName', 'phone', 'email', 'lawfulBasis']);
  });
});

describe('toContact', () => {
  it('should write dates as ISO strings and keep a null objection date when mapping a row', () => {
    expect(toContact(entity())).toMatchObject({ createdAt: '2026-01-02T03:04:05.000Z', updatedAt: '2026-01-03T03:04:05.000Z', optedOutAt: null, version: 1 });
    expect(toContact(entity({ optedOut: true, optedOutAt: new Date('2026-02-01T00:00:00.000Z') })).optedOutAt).toBe('2026-02-01T00:00:00.000Z');
  });
});
