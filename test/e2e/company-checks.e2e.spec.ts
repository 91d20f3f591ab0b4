import { LA_POSTE_SIREN, passesLuhn } from '@app/contracts';
import { newSiret, uniqueSuffix } from '@app/testing';
import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referenceDataDir } from '../../apps/companies/src/reference/data-dir.js';
import { ReferenceData } from '../../apps/companies/src/reference/reference-data.js';
import { readReferenceCsv } from '../../apps/companies/src/reference/reference-tables.js';
import { bearer, createOrganization, type TestOrganization } from '../support/fixtures.js';
import { TestSystem } from '../support/system.js';

const PROBLEM_JSON = /^application\/problem\+json/;
type Body = Record<string, any>;
interface FieldError {
  field: string;
  message: string;
}

/** A La Poste establishment's SIRET: its digits sum to a multiple of 5 and it fails Luhn. */
function laPosteSiret(): string {
  for (;;) {
    const siret = `${LA_POSTE_SIREN}${String(randomInt(100_000)).padStart(5, '0')}`;
    if ([...siret].reduce((sum, digit) => sum + Number(digit), 0) % 5 === 0 && !passesLuhn(siret)) return siret;
  }
}

/** A SIRET that fails Luhn: the valid one with its last digit moved on by one. */
const withWrongKey = (siret: string): string => `${siret.slice(0, 13)}${(Number(siret[13]) + 1) % 10}`;

describe('company checks and normalisation (issue 3, point 1)', () => {
  let system: TestSystem;
  let org: TestOrganization;
  // The same nomenclatures the service loads, read from data/: expected values are computed, not copied.
  const reference = ReferenceData.fromTables(readReferenceCsv(referenceDataDir()));

  beforeAll(async () => {
    system = await TestSystem.start({ services: ['companies'] });
    org = await createOrganization(system);
  });
  afterAll(() => system?.close());

  const create = (body: Body, owner: TestOrganization = org) => system.http.post('/api/v1/companies').set(bearer(owner.manager.token)).send(body);
  const patch = (id: string, body: Body, ifMatch = '"1"', owner: TestOrganization = org) =>
    system.http.patch(`/api/v1/companies/${id}`).set(bearer(owner.manager.token)).set('If-Match', ifMatch).send(body);
  const read = (id: string) => system.http.get(`/api/v1/companies/${id}`).set(bearer(org.viewer.token));
  const companyRows = async () =>
    Number((await system.database.query<{ n: string }>(`SELECT count(*) AS n FROM "companies"."company" WHERE organization_id = $1`, [org.id]))[0]!.n);

  async function created(body: Body = {}): Promise<Body> {
    const response = await create({ name: `Entreprise ${uniqueSuffix()}`, siret: newSiret(), ...body });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body;
  }

  function errorsOf(response: { status: number; headers: Record<string, string>; body: Body }): FieldError[] {
    expect(response.status, JSON.stringify(response.body)).toBe(400);
    expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(response.body).toMatchObject({ type: '/problems/validation-failed', status: 400 });
    return response.body.errors as FieldError[];
  }
  const fieldsOf = (errors: FieldError[]) => [...new Set(errors.map((error) => error.field))].sort();

  describe('every invalid field in one 400', () => {
    it('should list format and nomenclature errors together and create nothing when a body has both', async () => {
      const before = await companyRows();
      const errors = errorsOf(
        await create({
          name: '',
          siret: withWrongKey(newSiret()),
          nafCode: '99.99Z',
          sizeBand: 'ZZ',
          address: { postalCode: '99999', city: 'Nulle Part' },
          phone: 'appelez-nous',
          email: 'pas-un-email',
          colour: 'bleu',
        }),
      );
      // name, sizeBand, email and colour fail the DTO; siret (key), nafCode, postal code and phone only the nomenclatures.
      expect(fieldsOf(errors)).toEqual(['address.postalCode', 'colour', 'email', 'nafCode', 'name', 'phone', 'siret', 'sizeBand']);
      expect(await companyRows()).toBe(before);
    });

    it('should name the unknown NAF code, the wrong SIRET key and the city the postal code does not serve when only nomenclature checks fail', async () => {
      const before = await companyRows();
      const errors = errorsOf(await create({ name: 'Boulangerie Fantôme', siret: withWrongKey(newSiret()), nafCode: '9999Z', address: { postalCode: '59140', city: 'Gravelines' } }));
      expect(fieldsOf(errors)).toEqual(['address.city', 'nafCode', 'siret']);
      expect(errors.find((error) => error.field === 'nafCode')!.message).toContain('99.99Z');
      expect(errors.find((error) => error.field === 'address.city')!.message).toContain('DUNKERQUE');
      expect(await companyRows()).toBe(before);
    });

    it('should list the communes when the city is omitted and the postal code serves several', async () => {
      const errors = errorsOf(await create({ name: `Sans ville ${uniqueSuffix()}`, address: { postalCode: '59380' } }));
      expect(fieldsOf(errors)).toEqual(['address.city']);
      for (const commune of reference.postalCode('59380')!.communes) expect(errors[0]!.message).toContain(commune);
    });

    it('should list format and nomenclature errors of a change together, checking a new city against the stored postal code, and change nothing', async () => {
      const company = await created({ address: { line: '1 quai', postalCode: '59140', city: 'Dunkerque' } });
      const errors = errorsOf(await patch(company.id, { name: '', nafCode: '99.99Z', address: { city: 'Lille' }, website: 'pas un site' }));
      expect(fieldsOf(errors)).toEqual(['address.city', 'nafCode', 'name', 'website']);
      expect((await read(company.id)).body).toEqual(company);
    });

    it('should not judge a new city by the stored postal code when the new postal code is malformed', async () => {
      const company = await created({ address: { postalCode: '59140', city: 'Dunkerque' } });
      const errors = errorsOf(await patch(company.id, { address: { postalCode: 'abc', city: 'Lille' }, nafCode: '99.99Z' }));
      expect(fieldsOf(errors)).toEqual(['address.postalCode', 'nafCode']);
    });

    it('should answer 404, not the field checks, when the company to change belongs to another organisation', async () => {
      const other = await createOrganization(system);
      const theirs = (await create({ name: `Ailleurs ${uniqueSuffix()}`, siret: newSiret() }, other)).body;
      expect((await patch(theirs.id, { nafCode: '99.99Z' })).status).toBe(404);
      expect((await patch(theirs.id, { siret: withWrongKey(newSiret()) })).status).toBe(404);
      expect((await patch(theirs.id, { nafCode: '10.71C' })).status).toBe(404);
    });
  });

  describe('normalisation on create', () => {
    it('should store the SIRET without spaces, derive the SIREN and accept a La Poste establishment under its own rule', async () => {
      const siret = newSiret();
      const spaced = (await created({ siret: `${siret.slice(0, 3)} ${siret.slice(3, 6)} ${siret.slice(6, 9)} ${siret.slice(9)}` })) as Body;
      expect(spaced).toMatchObject({ siret, siren: siret.slice(0, 9) });
      const poste = laPosteSiret();
      expect(passesLuhn(poste)).toBe(false);
      expect(await created({ siret: poste })).toMatchObject({ siret: poste, siren: '356000000' });
    });

    it.each(['1071C', '1071c', '10.71c', '10.71C'])('should store NAF %s as 10.71C with its label and nomenclature', async (nafCode) => {
      expect(await created({ nafCode })).toMatchObject({ nafCode: '10.71C', nafLabel: reference.nafLabel('10.71C'), nafNomenclature: 'NAFRev2' });
    });

    it.each(['03 28 12 34 56', '+33 3 28 12 34 56', '0033 3 28 12 34 56'])('should store phone %s as +33328123456 when it is a usual French form', async (phone) => {
      expect((await created({ phone })).phone).toBe('+33328123456');
    });

    it('should check and tidy the email and the website', async () => {
      expect(await created({ email: 'Contact@Boulangerie-Dupont.FR', website: 'boulangerie-dupont.fr' })).toMatchObject({
        email: 'Contact@boulangerie-dupont.fr',
        website: 'https://boulangerie-dupont.fr',
      });
    });

    it('should keep the city as given and derive the département when the postal code serves it under that name', async () => {
      expect((await created({ address: { postalCode: '59430', city: 'Saint-Pol-sur-Mer' } })).address).toEqual({
        line: null,
        postalCode: '59430',
        city: 'Saint-Pol-sur-Mer',
        department: '59',
      });
      expect((await created({ address: { postalCode: '20000', city: 'Ajaccio' } })).address.department).toBe('2A');
    });

    it("should fill in La Poste's commune name when the city is omitted and the postal code serves one commune", async () => {
      expect((await created({ address: { line: '1 rue Royale', postalCode: '62100' } })).address).toEqual({
        line: '1 rue Royale',
        postalCode: '62100',
        city: reference.postalCode('62100')!.communes[0],
        department: '62',
      });
    });

    it('should store the trade name and give it back', async () => {
      expect(await created({ tradeName: '  Au Bon Pain  ' })).toMatchObject({ tradeName: 'Au Bon Pain' });
    });
  });

  describe('hiring potential', () => {
    it('should estimate it from the NAF code and the size band when none is given', async () => {
      const company = await created({ nafCode: '10.71C', sizeBand: '02' });
      expect(company).toMatchObject({ hiringPotential: reference.estimateHiringPotential('10.71C', '02'), hiringPotentialEstimated: true });
      expect(company.hiringPotential).toBeGreaterThan(0);
    });

    it('should keep a given value and leave it when the NAF code changes', async () => {
      const company = await created({ nafCode: '10.71C', sizeBand: '02', hiringPotential: 12 });
      expect(company).toMatchObject({ hiringPotential: 12, hiringPotentialEstimated: false });
      const changed = await patch(company.id, { nafCode: '56.10A' });
      expect(changed.body).toMatchObject({ nafCode: '56.10A', hiringPotential: 12, hiringPotentialEstimated: false });
    });

    it('should estimate again when a change moves the size band of an estimated company', async () => {
      const company = await created({ nafCode: '10.71C', sizeBand: '01' });
      const changed = await patch(company.id, { sizeBand: '22' });
      expect(changed.status, JSON.stringify(changed.body)).toBe(200);
      expect(changed.body).toMatchObject({ hiringPotential: reference.estimateHiringPotential('10.71C', '22'), hiringPotentialEstimated: true });
      expect(changed.body.hiringPotential).toBeGreaterThan(company.hiringPotential);
    });

    it('should go back to the estimate when a change sets it to null', async () => {
      const company = await created({ nafCode: '56.10A', sizeBand: '11', hiringPotential: 5 });
      const changed = await patch(company.id, { hiringPotential: null });
      expect(changed.body).toMatchObject({ hiringPotential: reference.estimateHiringPotential('56.10A', '11'), hiringPotentialEstimated: true });
    });
  });

  describe('normalisation on change', () => {
    it('should normalise the changed fields like a create', async () => {
      const company = await created();
      const changed = await patch(company.id, { nafCode: '4711d', phone: '0033 3 28 12 34 56', tradeName: 'Le Marché' });
      expect(changed.status, JSON.stringify(changed.body)).toBe(200);
      expect(changed.body).toMatchObject({ nafCode: '47.11D', nafLabel: reference.nafLabel('47.11D'), phone: '+33328123456', tradeName: 'Le Marché' });
    });

    it('should keep the stored city when a new postal code also serves it, and take the commune otherwise', async () => {
      const company = await created({ address: { line: '1 quai', postalCode: '59240', city: 'Dunkerque' } });
      const moved = await patch(company.id, { address: { postalCode: '59140' } });
      expect(moved.body.address).toEqual({ line: '1 quai', postalCode: '59140', city: 'Dunkerque', department: '59' });
      const elsewhere = await patch(company.id, { address: { postalCode: '62100' } }, moved.headers.etag);
      expect(elsewhere.body.address).toEqual({ line: '1 quai', postalCode: '62100', city: reference.postalCode('62100')!.communes[0], department: '62' });
    });

    it('should clear the département with the address when the address is set to null', async () => {
      const company = await created({ address: { postalCode: '59140', city: 'Dunkerque' } });
      expect((await patch(company.id, { address: null })).body.address).toEqual({ line: null, postalCode: null, city: null, department: null });
    });
  });
});
