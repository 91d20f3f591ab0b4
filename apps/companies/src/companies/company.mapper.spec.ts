import { describe, expect, it } from 'vitest';
import type { CompanyEntity } from './company.entity.js';
import { normaliseNaf, toCompany, toCompanyColumns } from './company.mapper.js';

describe('normaliseNaf', () => {
  it.each([
    ['1071c', '10.71C'],
    ['10.71c', '10.71C'],
    ['10.71C', '10.71C'],
    ['4711D', '47.11D'],
  ])('should write %s as %s when a NAF code comes in any accepted form', (input, expected) => {
    expect(normaliseNaf(input)).toBe(expected);
  });
});

describe('toCompanyColumns', () => {
  it('should derive the SIREN from the first 9 digits when a SIRET is given', () => {
    expect(toCompanyColumns({ name: 'Boulangerie', siret: '55210055400013' })).toEqual({
      name: 'Boulangerie',
      siret: '55210055400013',
      siren: '552100554',
    });
  });

  it('should clear SIRET and SIREN together when the SIRET is set to null', () => {
    expect(toCompanyColumns({ siret: null })).toEqual({ siret: null, siren: null });
  });

  it('should leave every absent field out when a change names a single field', () => {
    expect(toCompanyColumns({ phone: '03 28 12 34 56' })).toEqual({ phone: '03 28 12 34 56' });
    expect(toCompanyColumns({})).toEqual({});
  });

  it('should write only the address parts given when an address change is partial', () => {
    expect(toCompanyColumns({ address: { city: 'Dunkerque' } })).toEqual({ city: 'Dunkerque' });
  });

  it('should clear every address part when the address is set to null', () => {
    expect(toCompanyColumns({ address: null })).toEqual({ addressLine: null, postalCode: null, city: null });
  });

  it('should normalise the NAF code and drop duplicate tags when both are given', () => {
    expect(toCompanyColumns({ nafCode: '1071c', tags: ['bakery', 'bakery', 'hiring'] })).toEqual({
      nafCode: '10.71C',
      tags: ['bakery', 'hiring'],
    });
  });

  it('should write nulls and false explicitly when a change clears fields', () => {
    expect(toCompanyColumns({ nafCode: null, hiringPotential: null, doNotCall: false, email: null })).toEqual({
      nafCode: null,
      hiringPotential: null,
      doNotCall: false,
      email: null,
    });
  });
});

describe('toCompany', () => {
  it('should group the address and write dates as ISO strings when mapping a row', () => {
    const entity: CompanyEntity = {
      id: 'c0000000-0000-4000-8000-000000000001',
      organizationId: 'a0000000-0000-4000-8000-000000000001',
      name: 'Boulangerie Dupont',
      siret: '55210055400013',
      siren: '552100554',
      nafCode: '10.71C',
      sizeBand: '11',
      addressLine: '12 rue de la Marine',
      postalCode: '59140',
      city: 'Dunkerque',
      phone: '+33328123456',
      email: null,
      website: null,
      tags: ['bakery'],
      hiringPotential: 40,
      doNotCall: false,
      createdAt: new Date('2026-01-02T03:04:05.000Z'),
      updatedAt: new Date('2026-01-03T03:04:05.000Z'),
      version: 2,
    };
    expect(toCompany(entity)).toEqual({
      id: entity.id,
      organizationId: entity.organizationId,
      name: 'Boulangerie Dupont',
      siret: '55210055400013',
      siren: '552100554',
      nafCode: '10.71C',
      nafLabel: null,
      sizeBand: '11',
      address: { line: '12 rue de la Marine', postalCode: '59140', city: 'Dunkerque' },
      phone: '+33328123456',
      email: null,
      website: null,
      tags: ['bakery'],
      hiringPotential: 40,
      doNotCall: false,
      createdAt: '2026-01-02T03:04:05.000Z',
      updatedAt: '2026-01-03T03:04:05.000Z',
      version: 2,
    });
  });
});
