import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { describe, expect, it } from 'vitest';
import { ContactChanges, ContactFields } from './contact.dto.js';
import { toE164 } from './phone.js';

const check = async <T extends object>(type: new () => T, body: object) => {
  const instance = plainToInstance(type, body);
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true });
  return { instance, fields: errors.map((error) => error.property) };
};

describe('toE164', () => {
  it.each([
    ['03 28 12 34 56', '+33328123456'],
    ['+33 3 28 12 34 56', '+33328123456'],
    ['0033328123456', '+33328123456'],
    ['06-12-34-56-78', '+33612345678'],
    ['+44 20 7946 0958', '+442079460958'],
  ])('should write %s as %s when it is a valid number', (typed, e164) => {
    expect(toE164(typed)).toBe(e164);
  });

  it.each(['12', '0328', '01 23 45 67 89 00', 'appelez-moi', ''])('should refuse %s when it is not a valid number', (typed) => {
    expect(toE164(typed)).toBeUndefined();
  });
});

describe('ContactFields', () => {
  it('should normalise the phone and trim names when a new contact is valid', async () => {
    const { instance, fields } = await check(ContactFields, { lastName: '  Vandamme ', phone: '03 28 12 34 56' });
    expect(fields).toEqual([]);
    expect(instance).toMatchObject({ lastName: 'Vandamme', phone: '+33328123456' });
  });

  it('should list every invalid field when many are wrong', async () => {
    const { fields } = await check(ContactFields, { lastName: '', phone: '12', email: 'x', lawfulBasis: 'whim', optedOut: 'yes', notes: 3 });
    expect(fields.sort()).toEqual(['email', 'lastName', 'lawfulBasis', 'notes', 'optedOut', 'phone']);
  });
});

describe('ContactChanges', () => {
  it('should accept null on the fields that may be cleared when a change clears them', async () => {
    const { fields } = await check(ContactChanges, { firstName: null, jobTitle: null, phone: null, email: null, notes: null });
    expect(fields).toEqual([]);
  });

  it('should refuse null on the fields that are required when a change clears them', async () => {
    const { fields } = await check(ContactChanges, { lastName: null, lawfulBasis: null, optedOut: null });
    expect(fields.sort()).toEqual(['lastName', 'lawfulBasis', 'optedOut']);
  });

  it('should accept a change that leaves required fields out', async () => {
    expect((await check(ContactChanges, { jobTitle: 'Gérante' })).fields).toEqual([]);
  });
});
