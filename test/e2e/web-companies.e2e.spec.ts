import type { Company, Contact, ImportJob } from '@app/contracts';
import { expectEventually, newSiret, uniqueSuffix } from '@app/testing';
import { beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { DESKTOP, type Device, expectAccessible, PHONE, screenshot, webTest } from '../support/browser.js';
import { bearer } from '../support/fixtures.js';

const API = '/api/v1';

/** A SIRET whose check digit is wrong: the last digit of a valid one, moved by one. */
const badSiret = (): string => {
  const valid = newSiret();
  return `${valid.slice(0, 13)}${(Number(valid[13]) + 1) % 10}`;
};

/**
 * The company screens in Chromium against the real stack (gateway, companies service, PostgreSQL,
 * NATS): a manager imports a CSV with a bad row, follows it to the end, reads the bad row's error,
 * then finds the good companies by the search's filters; a refused filter shows its message next to
 * its field and the back button returns to the previous search; a volunteer searches on a phone and
 * has no import. A manager opens a company from the search: its contacts, its timeline, its details
 * changed (a stale version reloaded), a contact added after a refused field. axe-core checks every screen.
 */
describe('the web app: company search and import', () => {
  // Contacts and campaigns for the company page: its contacts and its timeline.
  const web = webTest({ services: ['companies', 'contacts', 'campaigns'] });
  const { get } = web;
  const suffix = uniqueSuffix();
  const bakeries = [
    { siret: newSiret(), name: `Boulangerie du Minck ${suffix}`, phone: '03 28 61 20 01' },
    { siret: newSiret(), name: `Fournil de Malo ${suffix}`, phone: '03 28 61 20 02' },
    { siret: newSiret(), name: `Pains de Rosendaël ${suffix}`, phone: '03 28 61 20 03' },
  ];
  const rejected = { siret: badSiret(), name: `Boulangerie Fantôme ${suffix}` };

  beforeAll(async () => {
    // Another company of the organisation, which the filters below must leave out.
    const other = await web.system.http
      .post(`${API}/companies`)
      .set(bearer(web.org.manager.token))
      .send({ name: `Garage de Calais ${suffix}`, siret: newSiret(), nafCode: '45.20A', address: { postalCode: '62100' } });
    expect(other.status, JSON.stringify(other.body)).toBe(201);
  }, 240_000);

  /** Logs in on a fresh page, on the screen `hash` names (the login screen keeps the route). */
  const logIn = (email: string, hash: string, device: Device = DESKTOP) => web.logIn(email, { hash, device });

  const resultNames = () => web.page.locator('.company-results h3').allTextContents();

  it('should let a manager import a CSV with a bad row, follow it to the end, read the row\'s error, then find the good companies by filter', async () => {
    onTestFailed(() => screenshot(web.page, 'company-import-failure'));
    const csv = [
      'siret;name;nafCode;sizeBand;addressLine;postalCode;city;phone',
      `${bakeries[0]!.siret};${bakeries[0]!.name};1071C;02;12 rue du Minck;59140;Dunkerque;${bakeries[0]!.phone}`,
      `${rejected.siret};${rejected.name};1071C;01;1 rue Fantôme;59140;Dunkerque;`,
      `${bakeries[1]!.siret};${bakeries[1]!.name};10.71C;03;3 place Turenne;59240;Dunkerque;${bakeries[1]!.phone}`,
      `${bakeries[2]!.siret};${bakeries[2]!.name};10.71D;11;8 avenue Carnot;59240;Dunkerque;${bakeries[2]!.phone}`,
    ].join('\n');

    await logIn(web.org.manager.email, '#/companies');
    await web.page.getByRole('heading', { level: 1, name: 'Entreprises' }).waitFor();
    await web.page.getByRole('link', { name: 'Importer des entreprises' }).click();
    await web.page.getByRole('heading', { level: 1, name: 'Importer des entreprises' }).waitFor();
    await expectAccessible(web.page, 'company import');

    // No file chosen: said next to the field, nothing sent.
    await web.page.getByRole('button', { name: 'Importer le fichier' }).click();
    expect(await web.page.locator('#import-file-error').textContent()).toBe('Choisissez un fichier.');
    expect(await web.page.getByLabel('Fichier CSV').getAttribute('aria-invalid')).toBe('true');

    await web.page.getByLabel('Fichier CSV').setInputFiles({ name: 'boulangeries.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await web.page.getByRole('button', { name: 'Importer le fichier' }).click();
    await web.page.getByRole('heading', { level: 2, name: 'Import de « boulangeries.csv »' }).waitFor();
    const importId = /#\/companies\/import\?id=([0-9a-f-]{36})$/.exec(web.page.url())![1]!;
    // Followed until the API says done: the bar then stands at the end.
    await expect.poll(() => web.page.locator('#import-status strong').textContent(), { timeout: 30_000 }).toBe('Terminé');
    const bar = web.page.getByRole('progressbar', { name: 'Lignes traitées' });
    expect([await bar.getAttribute('value'), await bar.getAttribute('max')]).toEqual(['4', '4']);
    expect(await web.page.getByText('4 sur 4 (100 %)').count()).toBe(1);
    expect(await web.page.locator('#import-inserted').textContent()).toBe('3');
    expect(await web.page.locator('#import-rejected').textContent()).toBe('1');
    await web.page.getByRole('status').filter({ hasText: 'Import terminé : 3 créée(s), 0 mise(s) à jour, 1 ligne(s) refusée(s).' }).waitFor();

    // The bad row: its line in the file (the header is line 1), its column, why (its code said in French).
    const errors = web.page.getByRole('table', { name: 'Lignes refusées' });
    const rows = errors.locator('tbody tr');
    expect(await rows.count()).toBe(1);
    expect(await rows.locator('th').textContent()).toBe('3');
    const cells = await rows.locator('td').allTextContents();
    expect(cells[0]).toBe('siret');
    expect(cells[1]).toBe("Ce SIRET n'existe pas : sa clé de contrôle est fausse.");
    await expectAccessible(web.page, 'company import finished');
    await screenshot(web.page, 'company-import');

    // The API says the same, and holds the good companies, not the bad row.
    const job = await get<ImportJob>(`/companies/imports/${importId}`);
    expect(job).toMatchObject({ status: 'done', totalRows: 4, processedRows: 4, inserted: 3, updated: 0, rejected: 1 });
    expect(job.errors).toEqual([{ line: 3, field: 'siret', code: 'invalidSiret', message: expect.stringContaining(rejected.siret) }]);
    const stored = (await get<{ items: Company[] }>('/companies?limit=200')).items;
    expect(stored.filter((company) => company.name.endsWith(suffix) && company.name !== `Garage de Calais ${suffix}`).map((company) => company.siret).sort()).toEqual(
      bakeries.map((bakery) => bakery.siret).sort(),
    );
    expect(stored.some((company) => company.name === rejected.name)).toBe(false);

    // Found through the search: NAF prefix and the Nord's postal codes leave the garage out.
    await web.page.getByRole('link', { name: 'Voir les entreprises' }).click();
    await web.page.getByRole('heading', { level: 1, name: 'Entreprises' }).waitFor();
    await web.page.getByLabel('Codes NAF').fill('10.71');
    await web.page.getByLabel('Codes postaux ou départements').fill('59');
    await web.page.getByRole('button', { name: 'Rechercher' }).click();
    await expect.poll(() => web.page.url()).toMatch(/#\/companies\?naf=10\.71&postalCode=59$/);
    await web.page.getByText('3 entreprise(s) affichée(s).').waitFor();
    expect((await resultNames()).sort()).toEqual(bakeries.map((bakery) => bakery.name).sort());
    const first = web.page.getByRole('listitem').filter({ has: web.page.getByRole('heading', { name: bakeries[0]!.name }) });
    const siret = bakeries[0]!.siret;
    expect(await first.getByText(`${siret.slice(0, 3)} ${siret.slice(3, 6)} ${siret.slice(6, 9)} ${siret.slice(9)}`).count()).toBe(1);
    expect(await first.getByRole('link', { name: bakeries[0]!.phone }).getAttribute('href')).toBe('tel:+33328612001');
    expect(await first.getByText('3 à 5 salariés').count()).toBe(1);
    expect(await first.getByText('59140 Dunkerque').count()).toBe(1);
    await expectAccessible(web.page, 'companies search');
    await screenshot(web.page, 'companies-search');

    // Narrowed by the size band (behind "more filters"): the API answers the same companies.
    await web.page.getByText('Plus de filtres').click();
    await web.page.getByLabel('6 à 9 salariés').check();
    await web.page.getByRole('button', { name: 'Rechercher' }).click();
    await web.page.getByText('1 entreprise(s) affichée(s).').waitFor();
    expect(await resultNames()).toEqual([bakeries[1]!.name]);
    expect((await get<{ items: Company[] }>('/companies?naf=10.71&postalCode=59&sizeBand=03')).items.map((company) => company.name)).toEqual([bakeries[1]!.name]);
  }, 180_000);

  it("should show a refused filter's message next to its field, and go back to the previous search with the back button", async () => {
    onTestFailed(() => screenshot(web.page, 'companies-filter-failure'));
    await logIn(web.org.manager.email, '#/companies?naf=10.71&postalCode=59');
    await web.page.getByText('3 entreprise(s) affichée(s).').waitFor();
    expect(await web.page.getByLabel('Codes NAF').inputValue()).toBe('10.71');

    await web.page.getByLabel('Codes NAF').fill('boulangerie');
    await web.page.getByRole('button', { name: 'Rechercher' }).click();
    await web.page.locator('#companies-naf-error').waitFor();
    expect(await web.page.getByLabel('Codes NAF').getAttribute('aria-invalid')).toBe('true');
    expect(await web.page.getByRole('alert').textContent()).toContain('Vérifiez les champs signalés');
    expect(await web.page.locator('.company-results').count()).toBe(0);
    await expectAccessible(web.page, 'companies search with a refused filter');

    await web.page.goBack();
    await web.page.getByText('3 entreprise(s) affichée(s).').waitFor();
    expect(await web.page.getByLabel('Codes NAF').inputValue()).toBe('10.71');
    expect(await web.page.locator('#companies-naf-error').count()).toBe(0);
    expect((await resultNames()).sort()).toEqual(bakeries.map((bakery) => bakery.name).sort());
  }, 120_000);

  it('should let a volunteer search on a 360-px phone, without any import', async () => {
    onTestFailed(() => screenshot(web.page, 'companies-phone-failure'));
    await logIn(web.org.volunteer.email, '#/companies', PHONE);
    await web.page.getByRole('heading', { level: 1, name: 'Entreprises' }).waitFor();
    // Every company of the organisation, by name, before any filter.
    await web.page.getByText('4 entreprise(s) affichée(s).').waitFor();
    expect(await web.page.getByRole('link', { name: 'Importer des entreprises' }).count()).toBe(0);

    // A typo and no accent: the search still finds Rosendaël.
    await web.page.getByLabel('Nom ou enseigne').fill(`pains rosendael ${suffix}`);
    await web.page.getByRole('button', { name: 'Rechercher' }).click();
    await web.page.getByText('1 entreprise(s) affichée(s).').waitFor();
    expect(await resultNames()).toEqual([bakeries[2]!.name]);
    expect(await web.page.getByRole('link', { name: bakeries[2]!.phone }).getAttribute('href')).toBe('tel:+33328612003');
    // Nothing wider than the phone.
    expect(await web.page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    await expectAccessible(web.page, 'companies search on a phone');
    await screenshot(web.page, 'companies-search-phone');

    // The import screen, typed in: no form for a volunteer, and the API refuses anyway.
    await web.page.goto('/#/companies/import');
    await web.page.getByText("Seuls les responsables de l'organisation importent des entreprises.").waitFor();
    expect(await web.page.getByLabel('Fichier CSV').count()).toBe(0);
    await expectAccessible(web.page, 'company import for a volunteer');
    const refused = await web.system.http.post(`${API}/companies/imports`).set(bearer(web.org.volunteer.token)).set('Content-Type', 'text/csv').send(`siret,name\n${newSiret()},Refusée\n`);
    expect(refused.status).toBe(403);
  }, 120_000);

  it('should show more pages of results with « Voir plus » until the last', async () => {
    onTestFailed(() => screenshot(web.page, 'companies-pages-failure'));
    // More than a page (50) of one tag, imported through the API.
    const tag = `tournee-${suffix}`;
    const lines = Array.from({ length: 55 }, (_, index) => `${newSiret()};Commerce ${String(index).padStart(2, '0')} ${suffix};${tag}`);
    const started = await web.system.http.post(`${API}/companies/imports`).set(bearer(web.org.manager.token)).set('Content-Type', 'text/csv').send(['siret;name;tags', ...lines].join('\n'));
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    await expect.poll(async () => (await get<ImportJob>(`/companies/imports/${started.body.id}`)).inserted, { timeout: 30_000 }).toBe(55);

    await logIn(web.org.manager.email, '#/companies');
    await web.page.getByText('Plus de filtres').click();
    await web.page.getByLabel('Étiquettes').fill(tag);
    await web.page.getByRole('button', { name: 'Rechercher' }).click();
    await web.page.getByText("50 entreprises affichées, d'autres suivent.").waitFor();
    await web.page.getByRole('button', { name: 'Voir plus' }).click();
    await web.page.getByText('55 entreprise(s) affichée(s).').waitFor();
    expect(await web.page.getByRole('button', { name: 'Voir plus' }).count()).toBe(0);
    // Every one once, in the API's order (by name).
    expect(await resultNames()).toEqual(Array.from({ length: 55 }, (_, index) => `Commerce ${String(index).padStart(2, '0')} ${suffix}`));
    await expectAccessible(web.page, 'companies search, two pages');
  }, 120_000);

  it("should let a manager open a company from the search, see its contacts and calls, change its details and add a contact", async () => {
    onTestFailed(() => screenshot(web.page, 'company-failure'));
    const token = web.org.manager.token;
    const name = `Menuiserie des Dunes ${suffix}`;
    const siret = newSiret();
    const created = await web.system.http.post(`${API}/companies`).set(bearer(token)).send({ name, siret, nafCode: '16.23Z', phone: '03 28 61 30 00', tags: ['bois'], address: { line: '4 rue des Dunes', postalCode: '59140', city: 'Dunkerque' } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const companyId = created.body.id as string;
    const addContact = async (body: object): Promise<Contact> => {
      const response = await web.system.http.post(`${API}/companies/${companyId}/contacts`).set(bearer(token)).send(body);
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      return response.body as Contact;
    };
    const sophie = await addContact({ firstName: 'Sophie', lastName: 'Vandamme', jobTitle: 'Gérante', phone: '03 28 61 30 01' });
    await addContact({ lastName: 'Opposant', phone: '03 28 61 30 02', optedOut: true });
    // A call through the API in an active campaign, once the campaigns service knows the company and the contact.
    const campaign = await web.system.http.post(`${API}/campaigns`).set(bearer(token)).send({ name: `Campagne bois ${suffix}` });
    expect(campaign.status, JSON.stringify(campaign.body)).toBe(201);
    await expectEventually(async () => {
      const added = await web.system.http.post(`${API}/campaigns/${campaign.body.id}/targets`).set(bearer(token)).send({ companyIds: [companyId] });
      expect(added.body.added + added.body.alreadyPresent, JSON.stringify(added.body)).toBe(1);
    });
    const activated = await web.system.http.patch(`${API}/campaigns/${campaign.body.id}`).set(bearer(token)).set('If-Match', campaign.headers.etag as string).send({ status: 'active' });
    expect(activated.status, JSON.stringify(activated.body)).toBe(200);
    const callbackAt = new Date(Date.now() + 2 * 86_400_000).toISOString();
    await expectEventually(async () => {
      const call = await web.system.http
        .post(`${API}/campaigns/${campaign.body.id}/calls`)
        .set(bearer(web.org.volunteer.token))
        .send({ companyId, contactId: sophie.id, outcome: 'callback', callbackAt, notes: 'Rappeler après les vacances' });
      expect(call.status, JSON.stringify(call.body)).toBe(201);
    });

    // From the search, the company's name leads to its page.
    await logIn(web.org.manager.email, '#/companies');
    await web.page.getByLabel('Nom ou enseigne').fill(name);
    await web.page.getByRole('button', { name: 'Rechercher' }).click();
    await web.page.getByRole('link', { name }).click();
    await web.page.getByRole('heading', { level: 1, name }).waitFor();
    expect(web.page.url()).toMatch(new RegExp(`#/companies/${companyId}$`));
    const details = web.page.getByRole('region', { name: "Fiche de l'entreprise" });
    expect(await details.getByRole('link', { name: '03 28 61 30 00' }).getAttribute('href')).toBe('tel:+33328613000');
    expect(await details.getByText(`${siret.slice(0, 3)} ${siret.slice(3, 6)} ${siret.slice(6, 9)} ${siret.slice(9)}`).count()).toBe(1);
    expect(await details.getByText('4 rue des Dunes, 59140 Dunkerque').count()).toBe(1);
    // Its contacts: the one who objected is flagged, with no number to dial.
    const contacts = web.page.getByRole('region', { name: 'Contacts' });
    await contacts.getByText('Sophie Vandamme').waitFor();
    expect(await contacts.getByRole('link', { name: '03 28 61 30 01' }).getAttribute('href')).toBe('tel:+33328613001');
    const objector = contacts.getByRole('listitem').filter({ hasText: 'Opposant' });
    expect(await objector.getByText('Ne souhaite plus être appelé·e').count()).toBe(1);
    expect(await objector.getByRole('link').count()).toBe(0);
    // Its timeline: the call, its caller, the person reached, the callback booked, the notes.
    const timeline = web.page.getByRole('region', { name: 'Historique des appels et offres' });
    const call = timeline.getByRole('listitem').filter({ hasText: 'Appel de A volunteer : À rappeler' });
    await call.waitFor();
    expect(await call.getByText(`campagne « Campagne bois ${suffix} »`).count()).toBe(1);
    expect(await call.getByText('Personne jointe : Sophie Vandamme').count()).toBe(1);
    expect(await call.getByText('Rappeler après les vacances').count()).toBe(1);
    await expectAccessible(web.page, 'company');
    await screenshot(web.page, 'company');

    // A new phone number, typed the usual way: the API stores it.
    await web.page.getByRole('button', { name: 'Modifier la fiche' }).click();
    await web.page.getByLabel('Téléphone', { exact: true }).fill('03 28 61 39 99');
    await web.page.getByRole('button', { name: 'Enregistrer la fiche' }).click();
    await web.page.getByRole('status').filter({ hasText: 'Fiche enregistrée.' }).waitFor();
    expect(await details.getByRole('link', { name: '03 28 61 39 99' }).getAttribute('href')).toBe('tel:+33328613999');
    expect(await get<Company>(`/companies/${companyId}`)).toMatchObject({ phone: '+33328613999', tags: ['bois'], version: 2 });

    // Someone else changes the tags meanwhile: the save is refused (412), the page reloads their version, nothing of ours is kept.
    await web.page.getByRole('button', { name: 'Modifier la fiche' }).click();
    const meanwhile = await web.system.http.patch(`${API}/companies/${companyId}`).set(bearer(token)).set('If-Match', '"2"').send({ tags: ['bois', 'escaliers'] });
    expect(meanwhile.status, JSON.stringify(meanwhile.body)).toBe(200);
    await web.page.getByLabel('Étiquettes').fill('bois, charpente');
    await web.page.getByRole('button', { name: 'Enregistrer la fiche' }).click();
    await web.page.getByText("Quelqu'un a modifié cette fiche entre-temps").waitFor();
    await expect.poll(() => web.page.getByLabel('Étiquettes').inputValue()).toBe('bois, escaliers');
    expect(await web.page.getByRole('alert').count()).toBe(1);
    await expectAccessible(web.page, 'company details after a stale save');
    // On the fresh version: no more calls, and a tag.
    await web.page.getByLabel('Ne plus appeler cette entreprise').check();
    await web.page.getByLabel('Étiquettes').fill('bois, escaliers, charpente');
    await web.page.getByRole('button', { name: 'Enregistrer la fiche' }).click();
    await web.page.getByRole('status').filter({ hasText: 'Fiche enregistrée.' }).waitFor();
    expect(await details.getByText('Ne plus appeler').count()).toBe(1);
    expect(await get<Company>(`/companies/${companyId}`)).toMatchObject({ phone: '+33328613999', tags: ['bois', 'escaliers', 'charpente'], doNotCall: true, version: 4 });

    // A contact: a refused e-mail first, its message next to its field and nobody added; then added.
    await web.page.getByLabel('Prénom').fill('Marc');
    await web.page.getByLabel('Nom', { exact: true }).fill('Lefebvre');
    await web.page.getByLabel('E-mail du contact').fill('marc.lefebvre');
    await web.page.getByRole('button', { name: 'Ajouter le contact' }).click();
    await web.page.locator('#contact-email-error').waitFor();
    expect(await web.page.getByLabel('E-mail du contact').getAttribute('aria-invalid')).toBe('true');
    expect(await web.page.getByRole('alert').textContent()).toContain('Vérifiez les champs signalés');
    await expectAccessible(web.page, 'company with a refused contact');
    expect((await get<{ items: Contact[] }>(`/companies/${companyId}/contacts`)).items).toHaveLength(2);
    await web.page.getByLabel('E-mail du contact').fill('marc.lefebvre@example.test');
    await web.page.getByRole('button', { name: 'Ajouter le contact' }).click();
    await web.page.getByRole('status').filter({ hasText: 'Contact ajouté : Marc Lefebvre.' }).waitFor();
    await contacts.getByRole('link', { name: 'marc.lefebvre@example.test' }).waitFor();
    expect(await web.page.getByLabel('Nom', { exact: true }).inputValue()).toBe('');
    const stored = (await get<{ items: Contact[] }>(`/companies/${companyId}/contacts`)).items;
    expect(stored.find((contact) => contact.lastName === 'Lefebvre')).toMatchObject({ firstName: 'Marc', email: 'marc.lefebvre@example.test', optedOut: false });
    expect(stored).toHaveLength(3);

    // On a 360-px phone nothing is wider than the screen; the way back returns to the search.
    await web.page.setViewportSize({ width: 360, height: 740 });
    expect(await web.page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    await screenshot(web.page, 'company-phone');
    await web.page.getByRole('link', { name: 'Retour aux entreprises' }).click();
    await web.page.getByRole('heading', { level: 1, name: 'Entreprises' }).waitFor();
    await web.page.getByText('1 entreprise(s) affichée(s).').waitFor();
    expect(await web.page.getByLabel('Nom ou enseigne').inputValue()).toBe(name);
    expect(await resultNames()).toEqual([name]);
  }, 180_000);
});
