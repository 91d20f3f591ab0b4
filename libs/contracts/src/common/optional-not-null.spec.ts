import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { describe, expect, it } from 'vitest';
import { CompanyChanges } from '../companies/update-company.contract.js';
import { CompanyFields } from '../companies/company.dto.js';
import { ContactChanges, ContactFields } from '../contacts/contact.dto.js';

const invalidFields = async <T extends object>(type: new () => T, body: object): Promise<string[]> =>
  (await validate(plainToInstance(type, body), { whitelist: true, forbidNonWhitelisted: true })).map((error) => error.property).sort();

describe('null where the contract says required or an enum', () => {
  it('should refuse null when a field may be absent but has no null meaning', async () => {
    expect(await invalidFields(ContactFields, { lastName: 'Vandamme', lawfulBasis: null, optedOut: null })).toEqual(['lawfulBasis', 'optedOut']);
    expect(await invalidFields(ContactChanges, { lastName: null, lawfulBasis: null, optedOut: null })).toEqual(['lastName', 'lawfulBasis', 'optedOut']);
    expect(await invalidFields(CompanyFields, { name: 'Dupont', tags: null, doNotCall: null })).toEqual(['doNotCall', 'tags']);
    expect(await invalidFields(CompanyChanges, { name: null, tags: null, doNotCall: null })).toEqual(['doNotCall', 'name', 'tags']);
  });

  it('should accept the field absent when it is optional', async () => {
    expect(await invalidFields(ContactFields, { lastName: 'Vandamme' })).toEqual([]);
    expect(await invalidFields(ContactChanges, {})).toEqual([]);
    expect(await invalidFields(CompanyChanges, {})).toEqual([]);
  });

  it('should accept null when it clears a nullable field or asks for the estimate', async () => {
    expect(await invalidFields(ContactChanges, { firstName: null, phone: null, email: null, notes: null })).toEqual([]);
    expect(await invalidFields(CompanyChanges, { tradeName: null, siret: null, sizeBand: null, address: null, hiringPotential: null })).toEqual([]);
  });
});
