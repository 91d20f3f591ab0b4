import { describe, expect, it } from 'vitest';
import { normaliseCompany, normaliseNafCode } from './company-normaliser.js';
import { referenceDataDir } from './data-dir.js';
import { ReferenceData } from './reference-data.js';
import { readReferenceCsv } from './reference-tables.js';

const reference = ReferenceData.fromTables(readReferenceCsv(referenceDataDir()));
const fieldsOf = (errors: { field: string }[]) => errors.map((error) => error.field).sort();

describe('normaliseCompany', () => {
  describe('SIRET', () => {
    it('should drop the spaces when a Luhn-valid SIRET is typed in groups', () => {
      const { values, errors } = normaliseCompany({ name: 'A', siret: '552 100 554 00013' }, reference);
      expect(errors).toEqual([]);
      expect(values.siret).toBe('55210055400013');
    });

    it.each([
      ['55210055400014', 'check digit', 'invalidSiret'],
      ['5521005540001', '14 digits', 'siretFormat'],
      ['35600000000049', 'check digit', 'invalidSiret'],
    ])('should refuse %s naming siret when it breaks the rule (%s)', (siret, words, code) => {
      const { values, errors } = normaliseCompany({ name: 'A', siret }, reference);
      expect(errors).toEqual([{ field: 'siret', code, message: expect.stringContaining(words) }]);
      expect(values.siret).toBeUndefined();
    });

    it("should accept a La Poste establishment when its digits sum to a multiple of 5 although Luhn fails", () => {
      expect(normaliseCompany({ name: 'La Poste', siret: '356 000 000 49837' }, reference).errors).toEqual([]);
    });
  });

  describe('NAF', () => {
    it.each(['1071C', '1071c', '10.71c', '10.71C', ' 10.71C '])('should store %s as 10.71C with its label and nomenclature', (nafCode) => {
      const { values, errors } = normaliseCompany({ name: 'A', nafCode }, reference);
      expect(errors).toEqual([]);
      expect(values).toMatchObject({ nafCode: '10.71C', nafLabel: 'Boulangerie et boulangerie-pâtisserie', nafNomenclature: 'NAFRev2' });
    });

    it('should refuse a well-formed code naming nafCode when the nomenclature does not have it', () => {
      expect(normaliseCompany({ name: 'A', nafCode: '99.99Z' }, reference).errors).toEqual([{ field: 'nafCode', code: 'unknownNafCode', params: { code: '99.99Z' }, message: expect.stringContaining('99.99Z') }]);
    });

    it('should refuse a code that does not have the shape of a sub-class', () => {
      expect(fieldsOf(normaliseCompany({ name: 'A', nafCode: '10.7' }, reference).errors)).toEqual(['nafCode']);
      expect(normaliseNafCode('boulangerie')).toBeNull();
    });

    it('should clear the label and nomenclature with the code when the code is set to null', () => {
      expect(normaliseCompany({ nafCode: null }, reference, { partial: true }).values).toEqual({ nafCode: null, nafLabel: null, nafNomenclature: null });
    });
  });

  describe('size band', () => {
    it('should accept an INSEE code in either case', () => {
      expect(normaliseCompany({ name: 'A', sizeBand: 'nn' as never }, reference).values.sizeBand).toBe('NN');
      expect(normaliseCompany({ name: 'A', sizeBand: '03' }, reference).values.sizeBand).toBe('03');
    });

    it('should refuse a code INSEE does not have', () => {
      expect(fieldsOf(normaliseCompany({ name: 'A', sizeBand: '04' as never }, reference).errors)).toEqual(['sizeBand']);
    });
  });

  describe('address', () => {
    const address = (value: object) => normaliseCompany({ name: 'A', address: value }, reference);

    it('should keep the given city and derive the département when the postal code serves it', () => {
      expect(address({ line: '12 rue Poincaré', postalCode: '59 140', city: 'Dunkerque' })).toEqual({
        values: expect.objectContaining({ address: { line: '12 rue Poincaré', postalCode: '59140', city: 'Dunkerque', department: '59' } }),
        errors: [],
      });
    });

    it.each([
      ['59430', 'Saint-Pol-sur-Mer', 'a locality La Poste names on line 5 (ST POL SUR MER)'],
      ['59240', 'malo les bains', 'a locality in lower case without hyphens'],
      ['59380', 'BERGUES', 'one of several communes, in capitals'],
      ['59380', 'Armbouts-Cappel', 'one of several communes, hyphenated'],
      ['62100', 'Calais', 'a commune'],
    ])('should accept %s %s when it is %s', (postalCode, city) => {
      const { values, errors } = address({ postalCode, city });
      expect(errors).toEqual([]);
      expect(values.address).toMatchObject({ postalCode, city, department: postalCode.slice(0, 2) });
    });

    it('should take the commune name when the city is omitted and the postal code serves one commune', () => {
      expect(address({ postalCode: '59140' }).values.address).toEqual({ postalCode: '59140', city: 'DUNKERQUE', department: '59' });
    });

    it('should answer address.city listing the communes when the city is omitted and the postal code serves several', () => {
      const { errors } = address({ postalCode: '59380' });
      expect(errors).toEqual([
        {
          field: 'address.city',
          code: 'cityRequired',
          params: { postalCode: '59380', communes: expect.arrayContaining(['BERGUES', 'WEST CAPPEL']) },
          message: expect.stringMatching(/BERGUES.*WEST CAPPEL|WEST CAPPEL.*BERGUES/),
        },
      ]);
    });

    it('should answer address.city listing the communes when the city is not served by the postal code', () => {
      const { values, errors } = address({ postalCode: '59140', city: 'Gravelines' });
      expect(errors).toEqual([{ field: 'address.city', code: 'cityNotServed', params: { postalCode: '59140', communes: ['DUNKERQUE'] }, message: expect.stringContaining('DUNKERQUE') }]);
      expect(values.address).toBeUndefined();
    });

    it.each([
      ['20000', 'Ajaccio', '2A'],
      ['20200', 'Bastia', '2B'],
      ['97400', 'Saint-Denis', '974'],
      ['75016', 'Paris', '75'],
    ])('should derive the département from the commune when the address is %s %s', (postalCode, city, department) => {
      expect(address({ postalCode, city }).values.address).toMatchObject({ department });
    });

    it.each([
      ['99999', 'not a French postal code', 'unknownPostalCode'],
      ['5914', '5 digits', 'postalCodeFormat'],
      ['abcde', '5 digits', 'postalCodeFormat'],
    ])('should answer address.postalCode when the postal code is %s', (postalCode, words, code) => {
      expect(address({ postalCode, city: 'Dunkerque' }).errors).toEqual([expect.objectContaining({ field: 'address.postalCode', code, message: expect.stringContaining(words) })]);
    });

    it('should clear the département with the address when the address is set to null', () => {
      expect(normaliseCompany({ address: null }, reference, { partial: true }).values).toEqual({ address: null });
    });
  });

  describe('phone, email, website', () => {
    it.each(['03 28 12 34 56', '0328123456', '03.28.12.34.56', '+33 3 28 12 34 56', '0033 3 28 12 34 56'])('should store %s as +33328123456', (phone) => {
      expect(normaliseCompany({ name: 'A', phone }, reference).values.phone).toBe('+33328123456');
    });

    it('should keep a foreign number in E.164 when it has its country code', () => {
      expect(normaliseCompany({ name: 'A', phone: '+44 20 7946 0958' }, reference).values.phone).toBe('+442079460958');
    });

    it.each(['01 23', '00 00 00 00 00', 'appelez-nous'])('should refuse %s naming phone', (phone) => {
      expect(fieldsOf(normaliseCompany({ name: 'A', phone }, reference).errors)).toEqual(['phone']);
    });

    it('should lower-case the domain and keep the rest of an email', () => {
      expect(normaliseCompany({ name: 'A', email: 'Jean.Dupont@Boulangerie-Dupont.FR' }, reference).values.email).toBe('Jean.Dupont@boulangerie-dupont.fr');
    });

    it('should add https:// when a website is given without a scheme', () => {
      expect(normaliseCompany({ name: 'A', website: 'boulangerie-dupont.fr' }, reference).values.website).toBe('https://boulangerie-dupont.fr');
      expect(normaliseCompany({ name: 'A', website: 'http://dupont.fr/pain' }, reference).values.website).toBe('http://dupont.fr/pain');
    });

    it('should refuse an email or a website that is not one', () => {
      expect(fieldsOf(normaliseCompany({ name: 'A', email: 'jean@', website: 'not a site' }, reference).errors)).toEqual(['email', 'website']);
    });
  });

  describe('hiring potential', () => {
    it('should estimate it from the NAF code and size band when none is given', () => {
      const { values } = normaliseCompany({ name: 'A', nafCode: '1071C', sizeBand: '02' }, reference);
      expect(values).toMatchObject({ hiringPotential: reference.estimateHiringPotential('10.71C', '02'), hiringPotentialEstimated: true });
      expect(values.hiringPotential).toBeGreaterThan(0);
    });

    it('should keep a given value, even as imported text', () => {
      expect(normaliseCompany({ name: 'A', nafCode: '1071C', hiringPotential: 12 }, reference).values).toMatchObject({ hiringPotential: 12, hiringPotentialEstimated: false });
      expect(normaliseCompany({ name: 'A', hiringPotential: '70' as never }, reference).values).toMatchObject({ hiringPotential: 70, hiringPotentialEstimated: false });
    });

    it('should refuse a value outside 0 to 100', () => {
      expect(fieldsOf(normaliseCompany({ name: 'A', hiringPotential: 101 }, reference).errors)).toEqual(['hiringPotential']);
    });

    it('should not estimate when a partial change leaves it out', () => {
      expect(normaliseCompany({ nafCode: '10.71C' }, reference, { partial: true }).values.hiringPotential).toBeUndefined();
    });
  });

  it('should list every invalid field at once when several are invalid', () => {
    const { errors } = normaliseCompany(
      {
        name: '',
        siret: '55210055400014',
        nafCode: '99.99Z',
        sizeBand: 'ZZ' as never,
        address: { postalCode: '59140', city: 'Lille' },
        phone: '12',
        email: 'nope',
        website: 'nope',
        tags: [''],
        hiringPotential: -1,
      },
      reference,
    );
    expect(fieldsOf(errors)).toEqual(['address.city', 'email', 'hiringPotential', 'nafCode', 'name', 'phone', 'siret', 'sizeBand', 'tags', 'website']);
  });

  it('should treat empty cells as absent values when the input comes from a CSV row', () => {
    const { values, errors } = normaliseCompany({ name: ' Boulangerie ', siret: '', nafCode: '', phone: ' ', address: { line: '', postalCode: '', city: '' } }, reference);
    expect(errors).toEqual([]);
    expect(values).toMatchObject({ name: 'Boulangerie', siret: null, nafCode: null, phone: null, address: { line: null, postalCode: null, city: null, department: null } });
  });

  it('should leave absent fields absent and not require the name when checking a partial change', () => {
    expect(normaliseCompany({ tradeName: 'Au Bon Pain' }, reference, { partial: true })).toEqual({ values: { tradeName: 'Au Bon Pain' }, errors: [] });
    expect(fieldsOf(normaliseCompany({}, reference).errors)).toEqual(['name']);
  });
});
