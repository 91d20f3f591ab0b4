import { CompaniesProblem, type Company, type CompanyImportedPayload, type EventMeta } from '@app/contracts';
import { expectEventually, newSiret, uniqueSuffix } from '@app/testing';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createOrganization, type TestOrganization } from '../support/fixtures.js';
import { TestSystem } from '../support/system.js';

const IMPORTS = '/api/v1/companies/imports';
const SIRENE_HEADER =
  'siren,nic,siret,statutDiffusionEtablissement,etatAdministratifEtablissement,enseigne1Etablissement,denominationUsuelleEtablissement,activitePrincipaleEtablissement,nomenclatureActivitePrincipaleEtablissement,trancheEffectifsEtablissement,numeroVoieEtablissement,indiceRepetitionEtablissement,typeVoieEtablissement,libelleVoieEtablissement,codePostalEtablissement,libelleCommuneEtablissement';

interface Job {
  id: string;
  status: string;
  totalRows: number | null;
  processedRows: number;
  inserted: number;
  updated: number;
  skipped: number;
  rejected: number;
  errors: { line: number; field: string; code: string; params?: Record<string, unknown>; message: string }[];
  failureReason: string | null;
  format: string | null;
  filename: string | null;
  version: number;
}

interface CompanyRow {
  id: string;
  name: string;
  trade_name: string | null;
  department: string | null;
  hiring_potential_estimated: boolean;
  naf_code: string | null;
  size_band: string | null;
  address_line: string | null;
  postal_code: string | null;
  city: string | null;
  phone: string | null;
  tags: string[];
  hiring_potential: number | null;
  version: number;
}

describe('company imports', () => {
  let system: TestSystem;
  let org: TestOrganization;

  beforeAll(async () => {
    system = await TestSystem.start({ services: ['companies', 'contacts', 'campaigns'] });
    org = await createOrganization(system);
  });
  afterAll(() => system?.close());

  const postCsv = (token: string, body: string | Buffer, type = 'text/csv') => system.http.post(IMPORTS).set(bearer(token)).set('Content-Type', type).send(body);

  /** Reads the job until it has finished (done or failed). */
  async function finished(id: string, token = org.manager.token): Promise<Job> {
    return expectEventually(async () => {
      const response = await system.http.get(`${IMPORTS}/${id}`).set(bearer(token));
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(['done', 'failed']).toContain(response.body.status);
      return response.body as Job;
    }, 30_000);
  }

  /** Posts a CSV as text/csv, expects 202, and waits for the job to finish. */
  async function importCsv(csv: string | Buffer, owner: TestOrganization = org): Promise<Job> {
    const response = await postCsv(owner.manager.token, csv);
    expect(response.status, JSON.stringify(response.body)).toBe(202);
    return finished(response.body.id, owner.manager.token);
  }

  const companyOf = async (organizationId: string, siret: string): Promise<CompanyRow | undefined> =>
    (await system.database.query<CompanyRow>(`SELECT * FROM "companies"."company" WHERE organization_id = $1 AND siret = $2`, [organizationId, siret]))[0];

  describe('POST /companies/imports', () => {
    it('should answer 202 with the queued job and a Location when a manager posts a text/csv body', async () => {
      const siret = newSiret();
      const csv = `siret,name\n${siret},Boulangerie Dupont\n`;
      const response = await postCsv(org.manager.token, csv);
      expect(response.status, JSON.stringify(response.body)).toBe(202);
      expect(response.body).toMatchObject({ id: expect.any(String), status: 'queued', processedRows: 0, size: Buffer.byteLength(csv) });
      expect(response.headers.location).toBe(`${IMPORTS}/${response.body.id}`);
      const job = await finished(response.body.id);
      expect(job).toMatchObject({ status: 'done', format: 'ours', totalRows: 1, processedRows: 1, inserted: 1, updated: 0, skipped: 0, rejected: 0, errors: [] });
      expect((await companyOf(org.id, siret))?.name).toBe('Boulangerie Dupont');
    });

    it('should store every column of ours, normalised, when the header names them in another order', async () => {
      const siret = newSiret();
      const job = await importCsv(
        [
          'tags;city;postalCode;addressLine;website;email;phone;sizeBand;nafCode;name;siret;hiringPotential;tradeName;comment',
          `artisan|apprentissage;Dunkerque;59140;12 rue de la Marine;boulangerie-dupont.fr;contact@Dupont.FR;03 28 12 34 56;11;1071c;Boulangerie Dupont;${siret.replace(/(\d{3})(\d{3})(\d{3})/, '$1 $2 $3 ')};60;Au Bon Pain;not read`,
        ].join('\n'),
      );
      expect(job).toMatchObject({ status: 'done', inserted: 1, rejected: 0 });
      const company = await companyOf(org.id, siret);
      const read = await system.http.get(`/api/v1/companies/${company!.id}`).set(bearer(org.manager.token));
      expect(read.body).toMatchObject({
        name: 'Boulangerie Dupont',
        tradeName: 'Au Bon Pain',
        siret,
        siren: siret.slice(0, 9),
        nafCode: '10.71C',
        nafLabel: expect.stringMatching(/boulangerie/i),
        sizeBand: '11',
        address: { line: '12 rue de la Marine', postalCode: '59140', city: 'Dunkerque', department: '59' },
        phone: '+33328123456',
        email: 'contact@dupont.fr',
        website: 'https://boulangerie-dupont.fr',
        tags: ['artisan', 'apprentissage'],
        hiringPotential: 60,
        hiringPotentialEstimated: false,
        version: 1,
      });
    });

    it('should read a SIRENE StockEtablissement extract, assemble the address and skip closed establishments', async () => {
      const [open, closed, signOnly] = [newSiret(), newSiret(), newSiret()];
      const job = await importCsv(
        [
          SIRENE_HEADER,
          `${open.slice(0, 9)},${open.slice(9)},${open},O,A,AU BON PAIN,BOULANGERIE DUPONT,10.71C,NAFRev2,03,12,B,AV,DE LA MARINE,59140,DUNKERQUE`,
          `${closed.slice(0, 9)},${closed.slice(9)},${closed},O,F,,ANCIENNE BOULANGERIE,10.71C,NAFRev2,NN,1,,RUE,DU PORT,59140,DUNKERQUE`,
          `${signOnly.slice(0, 9)},${signOnly.slice(9)},${signOnly},O,A,CHEZ PAUL,,56.10A,NAFRev2,,,,BD,DE LA LIBERTE,59000,LILLE`,
        ].join('\n'),
      );
      expect(job).toMatchObject({ status: 'done', format: 'sirene', totalRows: 3, processedRows: 3, inserted: 2, skipped: 1, rejected: 0 });
      expect(await companyOf(org.id, open)).toMatchObject({
        name: 'BOULANGERIE DUPONT',
        trade_name: 'AU BON PAIN',
        naf_code: '10.71C',
        size_band: '03',
        address_line: '12 bis avenue DE LA MARINE',
        postal_code: '59140',
        city: 'DUNKERQUE',
        department: '59',
        // No potential in a SIRENE extract: the registry's estimate from the NAF code and size band.
        hiring_potential: expect.any(Number),
        hiring_potential_estimated: true,
      });
      expect(await companyOf(org.id, closed)).toBeUndefined();
      expect(await companyOf(org.id, signOnly)).toMatchObject({ name: 'CHEZ PAUL', address_line: 'boulevard DE LA LIBERTE', city: 'LILLE' });
    });

    it('should read a BOM, CRLF lines and quoted fields holding separators, quotes and line breaks', async () => {
      const [first, second, third] = [newSiret(), newSiret(), newSiret()];
      const csv = Buffer.from(
        '\uFEFF' +
          [
            'siret;name;addressLine;city',
            `${first};"Dupont; père et ""fils""";"Bâtiment B\r\n12 rue de la Marine";Dunkerque`,
            `${second};Café Noël;;Saint-Étienne`,
            `${third};"Trois; points";"";Lille`,
            '',
          ].join('\r\n'),
        'utf8',
      );
      const job = await importCsv(csv);
      expect(job).toMatchObject({ status: 'done', inserted: 3, rejected: 0 });
      expect(await companyOf(org.id, first)).toMatchObject({ name: 'Dupont; père et "fils"', address_line: 'Bâtiment B\r\n12 rue de la Marine', city: 'Dunkerque' });
      expect(await companyOf(org.id, second)).toMatchObject({ name: 'Café Noël', address_line: null, city: 'Saint-Étienne' });
      expect((await companyOf(org.id, third))?.name).toBe('Trois; points');
    });

    it('should reject bad rows with their line and column while the good rows go in', async () => {
      const good = [newSiret(), newSiret()];
      const valid = newSiret();
      // Changing one digit of a Luhn-valid number always breaks the check.
      const badSiret = `${valid.slice(0, 13)}${(Number(valid[13]) + 1) % 10}`;
      const csv = [
        'siret,name,nafCode,postalCode,city,phone,hiringPotential,tags',
        `${good[0]},"Sur deux
lignes",10.71C,59140,Dunkerque,,,`,
        `${badSiret},Mauvais SIRET,,,,,,`,
        `,Sans SIRET,,,,,,`,
        `${newSiret()},,,,,,101,`,
        `${newSiret()},Tout faux,99.99Z,00000,,12,,`,
        `${newSiret()},Étiquette trop longue,,,,,,${'x'.repeat(51)}`,
        '',
        `${good[1]},Bonne ligne,,59000,Lille,,,`,
      ].join('\n');
      const job = await importCsv(csv);
      expect(job).toMatchObject({ status: 'done', totalRows: 7, processedRows: 7, inserted: 2, rejected: 5, skipped: 0 });
      // Lines count the physical lines: the quoted name on lines 2-3 moves every later row down.
      // Each error carries the code and params of the same field error in a 400 (`params` only when the rule has some).
      expect(job.errors).toEqual([
        { line: 4, field: 'siret', code: 'invalidSiret', message: expect.stringContaining(badSiret) },
        { line: 5, field: 'siret', code: 'required', message: 'siret is required: rows are matched by SIRET' },
        { line: 6, field: 'name', code: 'lengthBetween', params: { min: 1, max: 200 }, message: expect.stringMatching(/^name/) },
        { line: 6, field: 'hiringPotential', code: 'integerBetween', params: { min: 0, max: 100 }, message: expect.stringMatching(/^hiringPotential/) },
        { line: 7, field: 'nafCode', code: 'unknownNafCode', params: { code: '99.99Z' }, message: expect.stringContaining('99.99Z') },
        { line: 7, field: 'postalCode', code: 'unknownPostalCode', params: { postalCode: '00000' }, message: expect.stringContaining('00000') },
        { line: 7, field: 'phone', code: 'invalidPhone', message: expect.stringMatching(/^phone/) },
        { line: 8, field: 'tags', code: 'invalidTags', params: { maxItems: 50, maxLength: 50 }, message: expect.stringMatching(/^tags/) },
      ]);
      for (const siret of good) expect(await companyOf(org.id, siret)).toBeDefined();
      expect(await companyOf(org.id, badSiret)).toBeUndefined();
    });

    it('should keep only the first 1,000 errors and count every rejected row', async () => {
      const job = await importCsv(['siret,name', ...Array.from({ length: 1_100 }, (_, index) => `${index},Mauvaise ${index}`), `${newSiret()},Bonne`].join('\n'));
      expect(job).toMatchObject({ status: 'done', rejected: 1_100, inserted: 1 });
      expect(job.errors).toHaveLength(1_000);
      expect(job.errors[999]).toMatchObject({ line: 1_001, field: 'siret', code: 'siretFormat' });
    });

    it('should update a company with the same SIRET, keep what empty cells leave out, add the new tags and keep a given potential', async () => {
      const siret = newSiret();
      const created = await system.http
        .post('/api/v1/companies')
        .set(bearer(org.manager.token))
        .send({ name: 'Ancien nom', siret, phone: '+33328123456', tags: ['ancien'], hiringPotential: 80, address: { postalCode: '59140', city: 'Dunkerque' } });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const job = await importCsv(`siret,name,nafCode,postalCode,city,phone,tags\n${siret},Nouveau nom,10.71C,59820,Gravelines,,nouveau|ancien\n`);
      expect(job).toMatchObject({ status: 'done', inserted: 0, updated: 1 });
      const company = await system.http.get(`/api/v1/companies/${created.body.id}`).set(bearer(org.manager.token));
      expect(company.body).toMatchObject({
        name: 'Nouveau nom',
        nafCode: '10.71C',
        phone: '+33328123456',
        tags: ['ancien', 'nouveau'],
        address: { postalCode: '59820', city: 'Gravelines', department: '59' },
        // The row has no potential: its estimate does not replace the one the manager gave.
        hiringPotential: 80,
        hiringPotentialEstimated: false,
        version: 2,
      });
      expect(Date.parse(company.body.updatedAt)).toBeGreaterThan(Date.parse(created.body.updatedAt));
    });

    it('should keep the last row of a SIRET repeated in the file and count the earlier one as updated', async () => {
      const siret = newSiret();
      const job = await importCsv(`siret,name,city\n${siret},Premier,Lille\n${newSiret()},Autre,Lille\n${siret},Dernier,Roubaix\n`);
      expect(job).toMatchObject({ status: 'done', processedRows: 3, inserted: 2, updated: 1 });
      expect(await companyOf(org.id, siret)).toMatchObject({ name: 'Dernier', city: 'Roubaix', version: 1 });
    });

    it('should accept the file as the multipart field "file" and keep its name', async () => {
      const siret = newSiret();
      const response = await system.http
        .post(IMPORTS)
        .set(bearer(org.manager.token))
        .attach('file', Buffer.from(`siret;name\n${siret};Multipart SARL\n`), { filename: 'entreprises.csv', contentType: 'text/csv' });
      expect(response.status, JSON.stringify(response.body)).toBe(202);
      expect(response.body).toMatchObject({ status: 'queued', filename: 'entreprises.csv' });
      expect(await finished(response.body.id)).toMatchObject({ status: 'done', inserted: 1 });
      expect((await companyOf(org.id, siret))?.name).toBe('Multipart SARL');
    });

    it('should keep the file name of a text/csv body when Content-Disposition names it', async () => {
      const response = await system.http
        .post(IMPORTS)
        .set(bearer(org.manager.token))
        .set('Content-Type', 'text/csv; charset=utf-8')
        .set('Content-Disposition', 'attachment; filename="StockEtablissement_59.csv"')
        .send(`siret,name\n${newSiret()},Nommé\n`);
      expect(response.status, JSON.stringify(response.body)).toBe(202);
      expect(response.body.filename).toBe('StockEtablissement_59.csv');
    });

    it('should end failed with a reason when the header has no siret column', async () => {
      const job = await importCsv('nom,ville\nDupont,Lille\n');
      expect(job).toMatchObject({ status: 'failed', processedRows: 0, inserted: 0 });
      expect(job.failureReason).toMatch(/no siret column/);
    });

    it('should end failed with a reason when a quote is never closed', async () => {
      const siret = newSiret();
      const job = await importCsv(`siret,name\n${siret},Avant\n${newSiret()},"jamais fermé\n`);
      expect(job.status).toBe('failed');
      expect(job.failureReason).toMatch(/not valid CSV/);
      expect(await companyOf(org.id, siret)).toBeUndefined();
    });

    it('should answer 400 when the body is empty', async () => {
      const response = await postCsv(org.manager.token, '');
      expect(response.status, JSON.stringify(response.body)).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    });

    it('should answer 400 when the multipart body has no "file" field', async () => {
      const response = await system.http.post(IMPORTS).set(bearer(org.manager.token)).attach('document', Buffer.from('siret,name\n'), 'x.csv');
      expect(response.status, JSON.stringify(response.body)).toBe(400);
      expect(response.body.errors).toEqual([{ field: 'file', code: 'required', message: 'is required' }]);
    });
  });

  describe('tenancy', () => {
    let other: TestOrganization;

    beforeAll(async () => {
      other = await createOrganization(system);
    });

    it("should never read or write another organisation's company when both have the same SIRET", async () => {
      const siret = newSiret();
      const theirs = await system.http.post('/api/v1/companies').set(bearer(other.manager.token)).send({ name: 'Leur entreprise', siret, address: { city: 'Arras' } });
      expect(theirs.status).toBe(201);
      const job = await importCsv(`siret,name,city\n${siret},Notre entreprise,Lille\n`);
      expect(job).toMatchObject({ status: 'done', inserted: 1, updated: 0 });
      expect(await companyOf(other.id, siret)).toMatchObject({ id: theirs.body.id, name: 'Leur entreprise', city: 'Arras', version: 1 });
      expect(await companyOf(org.id, siret)).toMatchObject({ name: 'Notre entreprise', city: 'Lille' });
    });

    it("should answer 404 when reading another organisation's import", async () => {
      const response = await postCsv(org.manager.token, `siret,name\n${newSiret()},Privé\n`);
      expect(response.status).toBe(202);
      for (const token of [other.manager.token, other.viewer.token]) {
        const read = await system.http.get(`${IMPORTS}/${response.body.id}`).set(bearer(token));
        expect(read.status).toBe(404);
        expect(read.body).toMatchObject({ type: CompaniesProblem.ImportNotFound, status: 404 });
      }
    });

    it('should answer 404 when the import id is unknown or not a UUID', async () => {
      expect((await system.http.get(`${IMPORTS}/${randomUUID()}`).set(bearer(org.manager.token))).status).toBe(404);
      expect((await system.http.get(`${IMPORTS}/not-a-uuid`).set(bearer(org.manager.token))).status).toBe(404);
    });
  });

  describe('events', () => {
    it("should bring imported and updated companies into campaigns' company summary and contacts' company directory", async () => {
      const [fresh, existing] = [newSiret(), newSiret()];
      await importCsv(`siret,name,city\n${existing},Version un,Lille\n`);
      const job = await importCsv(
        `siret,name,nafCode,sizeBand,addressLine,postalCode,city,phone,hiringPotential\n${fresh},Nouvelle ${uniqueSuffix()},10.71C,11,12 quai de la Citadelle,59140,Dunkerque,03 28 12 34 56,70\n${existing},Version deux,,,,59000,Lille,,\n`,
      );
      expect(job).toMatchObject({ inserted: 1, updated: 1 });
      const [freshRow, existingRow] = [await companyOf(org.id, fresh), await companyOf(org.id, existing)];
      await expectEventually(async () => {
        const summaries = await system.database.query(
          `SELECT id, organization_id, name, naf_code, naf_label, size_band, address_line, postal_code, city, phone, hiring_potential, do_not_call, version
           FROM "campaigns"."company_summary" WHERE id = ANY($1) ORDER BY name`,
          [[freshRow!.id, existingRow!.id]],
        );
        expect(summaries).toEqual([
          {
            id: freshRow!.id,
            organization_id: org.id,
            name: freshRow!.name,
            naf_code: '10.71C',
            naf_label: 'Boulangerie et boulangerie-pâtisserie',
            size_band: '11',
            address_line: '12 quai de la Citadelle',
            postal_code: '59140',
            city: 'Dunkerque',
            phone: '+33328123456',
            hiring_potential: 70,
            do_not_call: false,
            version: 1,
          },
          {
            id: existingRow!.id,
            organization_id: org.id,
            name: 'Version deux',
            naf_code: null,
            naf_label: null,
            size_band: null,
            address_line: null,
            postal_code: '59000',
            city: 'Lille',
            phone: null,
            hiring_potential: existingRow!.hiring_potential,
            do_not_call: false,
            version: 2,
          },
        ]);
        const known = await system.database.query(`SELECT id, organization_id, version FROM "contacts"."company_ref" WHERE id = ANY($1) ORDER BY version`, [[freshRow!.id, existingRow!.id]]);
        expect(known).toEqual([
          { id: freshRow!.id, organization_id: org.id, version: 1 },
          { id: existingRow!.id, organization_id: org.id, version: 2 },
        ]);
      });
    });

    /** The `imported` events in the companies outbox that carry any of these SIRETs. */
    async function importedEvents(sirets: string[]): Promise<{ id: string; bytes: number; meta: EventMeta; payload: CompanyImportedPayload }[]> {
      const rows = await system.database.query<{ id: string; text: string }>(
        `SELECT id, message::text AS text FROM "companies"."outbox_event"
         WHERE subject = 'events.companies.company.imported' AND message->'data'->'companies'->0->>'siret' = ANY($1)`,
        [sirets],
      );
      return rows.map(({ id, text }) => {
        const message = JSON.parse(text) as { meta: EventMeta; data: CompanyImportedPayload };
        return { id, bytes: Buffer.byteLength(text), meta: message.meta, payload: message.data };
      });
    }

    it('should carry each written company once, with what other services keep of it, at most 500 per event', async () => {
      const rich = newSiret();
      const sirets = [rich, ...Array.from({ length: 1_199 }, () => newSiret())];
      const job = await importCsv(
        [
          'siret,name,tradeName,nafCode,sizeBand,addressLine,postalCode,city,phone,email,website,tags,hiringPotential',
          `${rich},Boulangerie "Riche",Au Bon Pain,10.71C,11,"12 rue de la Marine, bât. B",59140,Dunkerque,03 28 12 34 56,contact@riche.example,riche.example,a|b,70`,
          ...sirets.slice(1).map((siret, index) => `${siret},Lot ${index},,,,,,,,,,,`),
        ].join('\n'),
      );
      expect(job).toMatchObject({ status: 'done', inserted: 1_200 });
      const events = await importedEvents(sirets);
      const companies = events.flatMap((event) => event.payload.companies);
      expect(companies.map((company) => company.siret).sort()).toEqual([...sirets].sort());
      expect(new Set(events.map((event) => event.id)).size).toBe(events.length);
      for (const event of events) {
        expect(event.meta).toEqual({ eventId: event.id, occurredAt: expect.any(String), organizationId: org.id, requestId: expect.any(String), version: 1 });
        expect(event.payload.organizationId).toBe(org.id);
        expect(event.payload.companies.length).toBeLessThanOrEqual(500);
      }
      const company = companies.find((candidate) => candidate.siret === rich)!;
      const read = (await system.http.get(`/api/v1/companies/${company.id}`).set(bearer(org.manager.token))).body as Company;
      expect(company).toEqual({
        id: read.id,
        siret: rich,
        name: 'Boulangerie "Riche"',
        nafCode: '10.71C',
        nafLabel: 'Boulangerie et boulangerie-pâtisserie',
        sizeBand: '11',
        address: { line: '12 rue de la Marine, bât. B', postalCode: '59140', city: 'Dunkerque' },
        phone: '+33328123456',
        hiringPotential: 70,
        doNotCall: false,
        version: 1,
      });
      expect(company).toEqual({
        id: read.id,
        siret: read.siret,
        name: read.name,
        nafCode: read.nafCode,
        nafLabel: read.nafLabel,
        sizeBand: read.sizeBand,
        address: { line: read.address.line, postalCode: read.address.postalCode, city: read.address.city },
        phone: read.phone,
        hiringPotential: read.hiringPotential,
        doNotCall: read.doNotCall,
        version: read.version,
      });
      // Empty cells are null, not missing.
      const plain = companies.find((candidate) => candidate.siret === sirets[1])!;
      expect(plain).toMatchObject({ nafCode: null, nafLabel: null, sizeBand: null, address: { line: null, postalCode: null, city: null }, phone: null, version: 1 });
    });

    it('should cut the events of large companies by size, under the 1 MB NATS limit', async () => {
      const sirets = Array.from({ length: 500 }, () => newSiret());
      // The longest JSON a company can take: control characters are escaped as \u0001, six bytes each.
      const [name, line, city] = ['\u0001'.repeat(200), '\u0001'.repeat(300), '\u0001'.repeat(100)];
      const job = await importCsv(['siret,name,addressLine,city', ...sirets.map((siret) => `${siret},${name},${line},${city}`)].join('\n'));
      expect(job).toMatchObject({ status: 'done', inserted: 500, rejected: 0 });
      const events = await importedEvents(sirets);
      expect(events.length).toBeGreaterThan(1);
      const companies = events.flatMap((event) => event.payload.companies);
      expect(companies).toHaveLength(500);
      expect(companies[0]).toMatchObject({ name, address: { line, city } });
      for (const event of events) expect(event.bytes).toBeLessThan(1_000_000);
      // JetStream accepted every one of them.
      await expectEventually(async () => {
        const pending = await system.database.query<{ n: string }>(
          `SELECT count(*) AS n FROM "companies"."outbox_event" WHERE published_at IS NULL AND message->'data'->'companies'->0->>'siret' = ANY($1)`,
          [sirets],
        );
        expect(Number(pending[0]!.n)).toBe(0);
      });
    });
  });
});
