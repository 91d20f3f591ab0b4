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

  it('should clear every address part and the département when the address is set to null', () => {
    expect(toCompanyColumns({ address: null })).toEqual({ addressLine: null, postalCode: null, city: null, department: null });
  });

  it('should write the département next to the postal code when the normaliser derived it', () => {
    expect(toCompanyColumns({ address: { postalCode: '59140', city: 'Dunkerque', department: '59' } })).toEqual({ postalCode: '59140', city: 'Dunkerque', department: '59' });
  });

  it('should normalise the NAF code, keep its label and nomenclature, and drop duplicate tags when given', () => {
    expect(toCompanyColumns({ nafCode: '1071c', nafLabel: 'Boulangerie', nafNomenclature: 'NAFRev2', tags: ['bakery', 'bakery', 'hiring'] })).toEqual({
      nafCode: '10.71C',
      nafLabel: 'Boulangerie',
      nafNomenclature: 'NAFRev2',
      tags: ['bakery', 'hiring'],
    });
  });

  it('should write nulls and false explicitly when a change clears fields', () => {
    expect(toCompanyColumns({ nafCode: null, tradeName: null, hiringPotential: null, doNotCall: false, email: null })).toEqual({
      nafCode: null,
      nafLabel: null,
      nafNomenclature: null,
      tradeName: null,
      hiringPotential: null,
      doNotCall: false,
      email: null,
    });
  });

  it('should say whether the hiring potential was estimated when the normaliser says so', () => {
    expect(toCompanyColumns({ hiringPotential: 56, hiringPotentialEstimated: true })).toEqual({ hiringPotential: 56, hiringPotentialEstimated: true });
  });
});

describe('toCompany', () => {
  it('should group the address and write dates as ISO strings when mapping a row', () => {
    const entity: CompanyEntity = {
      id: 'c0000000-0000-4000-8000-000000000001',
      organizationId: 'a0000000-0000-4000-8000-000000000001',
      name: 'Boulangerie Dupont',
      tradeName: 'Au Bon Pain',
      siret: '55210055400013',
      siren: '552100554',
      nafCode: '10.71C',
      nafNomenclature: 'NAFRev2',
      nafLabel: 'Boulangerie et boulangerie-pâtisserie',
      sizeBand: '11',
      addressLine: '12 rue de la Marine',
      postalCode: '59140',
      city: 'Dunkerque',
      department: '59',
      phone: '+33328123456',
      email: null,
      website: null,
      tags: ['bakery'],
      hiringPotential: 40,
      hiringPotentialEstimated: true,
      doNotCall: false,
      createdAt: new Date('2026-01-02T03:04:05.000Z'),
      updatedAt: new Date('2026-01-03T03:04:05.000Z'),
      version: 2,
    };
    expect(toCompany(entity)).toEqual({
      id: entity.id,
      organizationId: entity.organizationId,
      name: 'Boulangerie Dupont',
      tradeName: 'Au Bon Pain',
      siret: '55210055400013',
      siren: '552100554',
      nafCode: '10.71C',
      nafLabel: 'Boulangerie et boulangerie-pâtisserie',
      nafNomenclature: 'NAFRev2',
      sizeBand: '11',
      address: { line: '12 rue de la Marine', postalCode: '59140', city: 'Dunkerque', department: '59' },
      phone: '+33328123456',
      email: null,
      website: null,
      tags: ['bakery'],
      hiringPotential: 40,
      hiringPotentialEstimated: true,
      doNotCall: false,
      createdAt: '2026-01-02T03:04:05.000Z',
      updatedAt: '2026-01-03T03:04:05.000Z',
      version: 2,
    });
  });
});
