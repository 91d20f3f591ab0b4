import { expectEventually, newSiret, uniqueSuffix } from '@app/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompaniesRepository } from '../../apps/companies/src/companies/companies.repository.js';
import { MAX_RANKED_MATCHES, SEARCH_STATEMENT_TIMEOUT_MS } from '../../apps/companies/src/companies/company-search.js';
import { referenceDataDir } from '../../apps/companies/src/reference/data-dir.js';
import { ReferenceData } from '../../apps/companies/src/reference/reference-data.js';
import { readReferenceCsv } from '../../apps/companies/src/reference/reference-tables.js';
import { bearer, createOrganization, type TestOrganization, walkPages } from '../support/fixtures.js';
import { TestSystem } from '../support/system.js';

interface Listed {
  id: string;
  organizationId: string;
  name: string;
}

interface Entry {
  name: string;
  tradeName?: string;
  nafCode: string | null;
  sizeBand: string;
  postalCode: string;
  city: string;
  tags: string[];
  doNotCall?: boolean;
}

// The organisation's registry every search below runs on.
const CATALOGUE: Entry[] = [
  { name: 'Boulangerie Dupont', nafCode: '10.71C', sizeBand: '02', postalCode: '59140', city: 'Dunkerque', tags: ['boulangerie', 'apprentissage'] },
  { name: 'BOULANGERIE DUPONT', nafCode: '10.71C', sizeBand: '03', postalCode: '59240', city: 'Malo-les-Bains', tags: ['boulangerie'] },
  { name: 'Boulangerie Dupond', nafCode: '10.71C', sizeBand: '01', postalCode: '62100', city: 'Calais', tags: ['boulangerie'] },
  { name: 'Boulangerie Durand', nafCode: '10.71C', sizeBand: '01', postalCode: '75016', city: 'Paris', tags: ['boulangerie'] },
  { name: 'Pâtisserie Dupont', nafCode: '10.71D', sizeBand: '01', postalCode: '62100', city: 'Calais', tags: ['pâtisserie'], doNotCall: true },
  { name: 'Dupont', nafCode: null, sizeBand: '00', postalCode: '59000', city: 'Lille', tags: [] },
  { name: 'Garage Martin', nafCode: '45.20A', sizeBand: '11', postalCode: '20000', city: 'Ajaccio', tags: ['garage', 'apprentissage'] },
  { name: 'Restaurant Le Corsaire', tradeName: 'Chez Jean', nafCode: '56.10A', sizeBand: '11', postalCode: '59140', city: 'Dunkerque', tags: ['restauration'] },
  { name: 'Boucherie Vandenbussche', nafCode: '47.22Z', sizeBand: '02', postalCode: '59430', city: 'Saint-Pol-sur-Mer', tags: ['boucherie'] },
  { name: 'Supérette Proxi', nafCode: '47.11B', sizeBand: '03', postalCode: '59000', city: 'Lille', tags: ['commerce'] },
];

describe('company search on GET /companies (issue 3, point 2)', () => {
  let system: TestSystem;
  let org: TestOrganization;
  let other: TestOrganization;
  const reference = ReferenceData.fromTables(readReferenceCsv(referenceDataDir()));

  const create = (owner: TestOrganization, entry: Entry) =>
    system.http
      .post('/api/v1/companies')
      .set(bearer(owner.manager.token))
      .send({
        name: entry.name,
        tradeName: entry.tradeName,
        siret: newSiret(),
        nafCode: entry.nafCode,
        sizeBand: entry.sizeBand,
        address: { postalCode: entry.postalCode, city: entry.city },
        tags: entry.tags,
        doNotCall: entry.doNotCall ?? false,
      });

  beforeAll(async () => {
    system = await TestSystem.start({ services: ['companies'] });
    [org, other] = [await createOrganization(system), await createOrganization(system)];
    for (const entry of CATALOGUE) {
      const response = await create(org, entry);
      expect(response.status, JSON.stringify(response.body)).toBe(201);
    }
    // Another organisation with look-alikes: none of them may ever show up in org's searches.
    for (const entry of CATALOGUE.slice(0, 3)) expect((await create(other, entry)).status).toBe(201);
  });
  afterAll(() => system?.close());

  /** Every match of a search (all pages of 200), in the order given. */
  async function search(query: Record<string, string>, owner: TestOrganization = org): Promise<Listed[]> {
    const path = `/api/v1/companies?${new URLSearchParams(query).toString()}`;
    const { items } = await walkPages<Listed>(system, path, owner.viewer.token, 200);
    for (const item of items) expect(item.organizationId).toBe(owner.id);
    return items;
  }
  const names = async (query: Record<string, string>) => (await search(query)).map((item) => item.name).sort();
  const catalogue = (keep: (entry: Entry) => boolean) => CATALOGUE.filter(keep).map((entry) => entry.name).sort();

  describe('q', () => {
    it.each([
      ['boulangerie dupond', 'a typo'],
      ['BOULANGERIE DUPONT', 'capitals'],
      ['boulangérie dupont', 'a stray accent'],
      ['Boulangerie  Dupont', 'the exact name'],
    ])('should find both Boulangerie Dupont and the Dupond one, and no other, when q is %s (%s)', async (q) => {
      expect(await names({ q })).toEqual(['BOULANGERIE DUPONT', 'Boulangerie Dupond', 'Boulangerie Dupont']);
    });

    it('should find every bakery by one accented word, whatever its case', async () => {
      const bakeries = catalogue((entry) => entry.name.toLowerCase().startsWith('boulangerie'));
      expect(await names({ q: 'boulangérie' })).toEqual(bakeries);
      expect(await names({ q: 'BOULANGERIE' })).toEqual(bakeries);
    });

    it('should require every word of q when it has several', async () => {
      expect(await names({ q: 'patisserie dupont' })).toEqual(['Pâtisserie Dupont']);
      expect(await names({ q: 'boulangerie martin' })).toEqual([]);
    });

    it('should search the trade name too', async () => {
      expect(await names({ q: 'chez jean' })).toEqual(['Restaurant Le Corsaire']);
    });

    it('should put the closest names first when it ranks by similarity', async () => {
      const ranked = (await search({ q: 'boulangerie dupond' })).map((item) => item.name);
      expect(ranked[0]).toBe('Boulangerie Dupond');
      const alone = (await search({ q: 'dupont' })).map((item) => item.name);
      expect(alone[0]).toBe('Dupont');
      expect(alone).toEqual(expect.arrayContaining(['Boulangerie Dupont', 'BOULANGERIE DUPONT', 'Pâtisserie Dupont']));
    });

    it('should find a company by a word no other company holds, typos included, as soon as it is created or renamed', async () => {
      const fresh = await createOrganization(system);
      const word = `Kowalczyk${uniqueSuffix().replace(/[^a-z0-9]/gi, '').slice(-6)}`;
      const created = await create(fresh, { ...CATALOGUE[0]!, name: `Ébénisterie ${word}` });
      expect(created.status).toBe(201);
      const found = async (q: string) => (await search({ q }, fresh)).map((item) => item.id);
      expect(await found(`ebenisterie ${word.toLowerCase()}`)).toEqual([created.body.id]);
      // One letter dropped from each word: still a trigram match.
      expect(await found(`ebénistrie ${word.slice(0, 3)}${word.slice(4)}`)).toEqual([created.body.id]);
      // Each organisation's words are its own: another one finds nothing by them.
      const other = await createOrganization(system);
      expect(await search({ q: word }, other)).toEqual([]);

      const renamed = await system.http
        .patch(`/api/v1/companies/${created.body.id}`)
        .set(bearer(fresh.manager.token))
        .set('If-Match', '"1"')
        .send({ tradeName: 'Menuiserie Zébulon' });
      expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
      expect(await found('menuiserie zebulon')).toEqual([created.body.id]);
      expect(await found('zebullon')).toEqual([created.body.id]);
    });

    it('should find an imported company by a word no other company holds, as soon as the import is done', async () => {
      const fresh = await createOrganization(system);
      const word = `Zorglub${uniqueSuffix().replace(/[^a-z0-9]/gi, '').slice(-6)}`;
      const posted = await system.http
        .post('/api/v1/companies/imports')
        .set(bearer(fresh.manager.token))
        .set('Content-Type', 'text/csv')
        .send(`siret;name;postalCode;city\n${newSiret()};Verrerie ${word};59140;Dunkerque\n`);
      expect(posted.status, JSON.stringify(posted.body)).toBe(202);
      await expectEventually(async () => {
        const job = await system.http.get(`/api/v1/companies/imports/${posted.body.id}`).set(bearer(fresh.manager.token));
        expect(job.body.status).toBe('done');
      }, 30_000);
      expect((await search({ q: `verrerie ${word.slice(0, -1)}`, postalCode: '59' }, fresh)).map((item) => item.name)).toEqual([`Verrerie ${word}`]);
    });

    it('should find nothing when q has no letter or digit', async () => {
      expect(await names({ q: '!!!' })).toEqual([]);
    });
  });

  describe('filters', () => {
    it.each([
      ['10.71C', (naf: string) => naf === '10.71C'],
      ['1071C', (naf: string) => naf === '10.71C'],
      ['10.71', (naf: string) => naf.startsWith('10.71')],
      ['47', (naf: string) => naf.startsWith('47')],
      ['10.71D,45', (naf: string) => naf === '10.71D' || naf.startsWith('45')],
    ])('should keep the NAF codes naf=%s names in full or as a prefix', async (naf, keep) => {
      expect(await names({ naf })).toEqual(catalogue((entry) => entry.nafCode !== null && keep(entry.nafCode)));
    });

    it('should keep the NAF codes that hire for a ROME job when rome is given', async () => {
      const hiring = reference.nafCodesForRome('D1102');
      expect(hiring).toContain('10.71C');
      expect(await names({ rome: 'D1102' })).toEqual(catalogue((entry) => entry.nafCode !== null && hiring.includes(entry.nafCode)));
      const either = new Set([...hiring, ...reference.nafCodesForRome('G1603')]);
      expect(await names({ rome: 'd1102,G1603' })).toEqual(catalogue((entry) => entry.nafCode !== null && either.has(entry.nafCode)));
    });

    it('should find nothing, not fail, when a well-formed ROME code or NAF prefix names nothing', async () => {
      expect(await names({ rome: 'Z9999' })).toEqual([]);
      expect(await names({ naf: '99' })).toEqual([]);
    });

    it.each([
      ['59140', (code: string) => code === '59140'],
      ['59', (code: string) => code.startsWith('59')],
      ['591', (code: string) => code.startsWith('591')],
      ['62100,75016', (code: string) => code === '62100' || code === '75016'],
      ['2A', (code: string) => code === '20000'],
    ])('should keep the postal codes postalCode=%s names exactly, by prefix or by Corsican département', async (postalCode, keep) => {
      expect(await names({ postalCode })).toEqual(catalogue((entry) => keep(entry.postalCode)));
    });

    it.each([
      ['dunkerque', ['Boulangerie Dupont', 'Restaurant Le Corsaire']],
      ['SAINT POL SUR MER', ['Boucherie Vandenbussche']],
      ['st-pol-sur-mer', ['Boucherie Vandenbussche']],
      ['Lille,calais', ['Boulangerie Dupond', 'Dupont', 'Pâtisserie Dupont', 'Supérette Proxi']],
    ])('should match city=%s whatever its accents, case and punctuation', async (city, expected) => {
      expect(await names({ city })).toEqual([...expected].sort());
    });

    it('should keep the size bands, tags and doNotCall asked for', async () => {
      expect(await names({ sizeBand: '02,03' })).toEqual(catalogue((entry) => ['02', '03'].includes(entry.sizeBand)));
      expect(await names({ tag: 'apprentissage' })).toEqual(catalogue((entry) => entry.tags.includes('apprentissage')));
      expect(await names({ tag: 'garage,pâtisserie' })).toEqual(catalogue((entry) => entry.tags.includes('garage') || entry.tags.includes('pâtisserie')));
      expect(await names({ doNotCall: 'true' })).toEqual(catalogue((entry) => entry.doNotCall === true));
      expect(await names({ doNotCall: 'false' })).toEqual(catalogue((entry) => entry.doNotCall !== true));
    });

    it('should AND the filters together and OR the values of each', async () => {
      expect(await names({ q: 'boulangerie', postalCode: '59,62', sizeBand: '01,02' })).toEqual(['Boulangerie Dupond', 'Boulangerie Dupont']);
      expect(await names({ naf: '10.71', tag: 'boulangerie', city: 'Calais,Paris', doNotCall: 'false' })).toEqual(['Boulangerie Dupond', 'Boulangerie Durand']);
      expect(await names({ rome: 'D1102', postalCode: '2A' })).toEqual([]);
    });

    it('should answer 400 naming each malformed filter at once', async () => {
      const response = await system.http
        .get('/api/v1/companies')
        .query({ naf: '10.71,abc', rome: 'D11', postalCode: '5', sizeBand: '02,ZZ', doNotCall: 'maybe' })
        .set(bearer(org.viewer.token));
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect([...new Set((response.body.errors as { field: string }[]).map((error) => error.field))].sort()).toEqual(['doNotCall', 'naf', 'postalCode', 'rome', 'sizeBand']);
    });
  });

  describe('cursor pages', () => {
    it('should walk every match exactly once, by rank then id, when many matches tie', async () => {
      const fresh = await createOrganization(system);
      // Seven companies with one name tie on rank; their ids decide the order.
      const twins: string[] = [];
      for (let index = 0; index < 7; index++) twins.push((await create(fresh, { ...CATALOGUE[0]!, name: 'Boulangerie Dupont' })).body.id);
      for (const name of ['Boulangerie Dupond', 'BOULANGERIE DUPONT ET FILS', 'Boulangerie Dupont-Martin']) {
        expect((await create(fresh, { ...CATALOGUE[0]!, name })).status).toBe(201);
      }
      expect((await create(fresh, { ...CATALOGUE[0]!, name: 'Garage Dupont' })).status).toBe(201);
      const all = await search({ q: 'boulangerie dupont' }, fresh);
      expect(all).toHaveLength(10);

      const { items, pages } = await walkPages<Listed>(system, `/api/v1/companies?q=${encodeURIComponent('boulangerie dupont')}`, fresh.viewer.token, 2);
      expect(pages).toBe(5);
      expect(items.map((item) => item.id)).toEqual(all.map((item) => item.id));
      expect(new Set(items.map((item) => item.id)).size).toBe(10);
      // The twins come together (one rank), in id order.
      const twinOrder = items.map((item) => item.id).filter((id) => twins.includes(id));
      expect(twinOrder).toEqual([...twins].sort());
      const firstTwin = items.findIndex((item) => twins.includes(item.id));
      expect(items.slice(firstTwin, firstTwin + 7).map((item) => item.id).sort()).toEqual([...twins].sort());
    });

    it('should walk every filtered company exactly once, by name then id, when there is no q', async () => {
      const walked = await walkPages<Listed>(system, '/api/v1/companies?postalCode=59,62&naf=10,47', org.viewer.token, 1);
      const expected = CATALOGUE.filter((entry) => /^(59|62)/.test(entry.postalCode) && /^(10|47)/.test(entry.nafCode ?? ''));
      expect(walked.items.map((item) => item.name)).toEqual(expected.map((entry) => entry.name).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      expect(walked.pages).toBe(expected.length);
    });

    it('should answer 400 naming cursor when a cursor is reused with another search', async () => {
      const first = await system.http.get('/api/v1/companies').query({ q: 'boulangerie', limit: 1 }).set(bearer(org.viewer.token));
      expect(first.body.nextCursor).toEqual(expect.any(String));
      for (const query of [{ q: 'garage' }, {}, { q: 'boulangerie', naf: '10' }]) {
        const response = await system.http.get('/api/v1/companies').query({ ...query, cursor: first.body.nextCursor }).set(bearer(org.viewer.token));
        expect(response.status).toBe(400);
        expect((response.body.errors as { field: string }[]).map((error) => error.field)).toEqual(['cursor']);
      }
    });
  });

  describe('bounded cost (issue 8, point 6)', () => {
    const MATCHES = MAX_RANKED_MATCHES + 1;
    let fresh: TestOrganization;
    let word: string;
    let imported: string[];

    beforeAll(async () => {
      // One more company holding a common word than the search ranks: imported, the quick way to get there.
      fresh = await createOrganization(system);
      word = `Zanzibar${uniqueSuffix().replace(/[^a-z0-9]/gi, '').slice(-6)}`;
      imported = Array.from({ length: MATCHES }, (_, index) => `Verrerie ${word} ${String(index).padStart(4, '0')}`);
      const csv = ['siret;name;postalCode;city', ...imported.map((name) => `${newSiret()};${name};59140;Dunkerque`)].join('\n');
      const posted = await system.http.post('/api/v1/companies/imports').set(bearer(fresh.manager.token)).set('Content-Type', 'text/csv').send(`${csv}\n`);
      expect(posted.status, JSON.stringify(posted.body)).toBe(202);
      await expectEventually(async () => {
        const job = await system.http.get(`/api/v1/companies/imports/${posted.body.id}`).set(bearer(fresh.manager.token));
        expect(job.body).toMatchObject({ status: 'done', inserted: MATCHES });
      }, 60_000);
    }, 90_000);

    it('should return more matches than it ranks by id, each exactly once, across cursor pages', async () => {
      // Typo included: the rule is about how many match, not how they are spelt; filters on the index
      // (postalCode) and on the row (city) keep every match.
      for (const query of ['q=verrerie', `q=${encodeURIComponent(`verreri ${word.toLowerCase()}`)}`, 'q=verrerie&postalCode=59140&city=dunkerque']) {
        const { items, pages } = await walkPages<Listed>(system, `/api/v1/companies?${query}`, fresh.viewer.token, 200);
        expect(pages).toBe(Math.ceil(MATCHES / 200));
        const ids = items.map((item) => item.id);
        expect(ids).toEqual([...ids].sort());
        expect(new Set(ids).size).toBe(MATCHES);
        expect(items.map((item) => item.name).sort()).toEqual(imported);
      }
      expect(await search({ q: 'verrerie', postalCode: '62' }, fresh)).toEqual([]);
      expect(await search({ q: 'verrerie', city: 'Calais' }, fresh)).toEqual([]);
    });

    it('should keep ranking by relevance a search of the same registry that matches few companies', async () => {
      // `0500` is a trigram match for a few numbers (0501, 1500…); the exact one ranks first, not the first by name.
      const ranked = await search({ q: `verrerie ${word} 0500` }, fresh);
      expect(ranked.length).toBeGreaterThan(1);
      expect(ranked.length).toBeLessThanOrEqual(MAX_RANKED_MATCHES);
      expect(ranked[0]!.name).toBe(`Verrerie ${word} 0500`);
    });

    it('should answer 422 search-too-costly, and change nothing, when a search outlives its statement timeout', async () => {
      const repository = system.services.get('companies')![0]!.get(CompaniesRepository, { strict: false });
      repository.searchTimeoutMs = 1;
      try {
        const response = await system.http.get('/api/v1/companies').query({ q: 'verrerie' }).set(bearer(fresh.viewer.token));
        expect(response.status, response.text).toBe(422);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(response.body).toMatchObject({ type: '/problems/companies/search-too-costly', status: 422 });
        expect(response.body.detail).toMatch(/add a word of the name or a filter/);
      } finally {
        repository.searchTimeoutMs = SEARCH_STATEMENT_TIMEOUT_MS;
      }
      expect((await search({ q: 'verrerie' }, fresh)).length).toBe(MATCHES);
    });

    it('should keep the rule of the first page on the next ones, and refuse a cursor of another search', async () => {
      const all = await search({ q: 'verrerie' }, fresh);
      const first = await system.http.get('/api/v1/companies').query({ q: 'verrerie', limit: 1 }).set(bearer(fresh.viewer.token));
      expect(first.body.items.map((item: Listed) => item.id)).toEqual([all[0]!.id]);
      const second = await system.http.get('/api/v1/companies').query({ q: 'verrerie', limit: 1, cursor: first.body.nextCursor }).set(bearer(fresh.viewer.token));
      expect(second.body.items.map((item: Listed) => item.id)).toEqual([all[1]!.id]);
      const other = await system.http.get('/api/v1/companies').query({ q: 'verreri', limit: 1, cursor: first.body.nextCursor }).set(bearer(fresh.viewer.token));
      expect(other.status).toBe(400);
    });
  });

  describe('tenancy', () => {
    it("should never return another organisation's companies, whatever the search", async () => {
      const theirs = new Set((await search({}, other)).map((item) => item.id));
      expect(theirs.size).toBe(3);
      const queries: Record<string, string>[] = [{}, { q: 'boulangerie dupont' }, { naf: '10.71C' }, { postalCode: '59' }, { city: 'Dunkerque' }, { tag: 'boulangerie' }, { rome: 'D1102' }];
      for (const query of queries) {
        const mine = await search(query);
        expect(mine.filter((item) => theirs.has(item.id))).toEqual([]);
      }
      expect(await search({ q: `introuvable ${uniqueSuffix()}` }, other)).toEqual([]);
    });
  });
});
