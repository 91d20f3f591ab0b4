import { describe, expect, it } from 'vitest';
import { withoutInvalid } from './company-body.js';

describe('withoutInvalid', () => {
  it('should drop the failed fields and keep the rest when the DTO refused some', () => {
    const body = { name: '', nafCode: '99.99Z', colour: 'bleu', tags: ['a', ''], address: { postalCode: '59140', city: 'Lille', floor: 2 } };
    expect(withoutInvalid(body, new Set(['name', 'colour', 'tags', 'address.floor']))).toEqual({ nafCode: '99.99Z', address: { postalCode: '59140', city: 'Lille' } });
  });

  it('should drop a whole nested object when the object itself failed', () => {
    expect(withoutInvalid({ address: { city: 'Lille' }, phone: '03' }, new Set(['address']))).toEqual({ phone: '03' });
  });

  it('should keep nulls, which clear a field, when they passed', () => {
    expect(withoutInvalid({ address: null, siret: null }, new Set())).toEqual({ address: null, siret: null });
  });
});
