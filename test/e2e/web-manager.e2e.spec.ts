import { expectEventually, newSiret, uniqueSuffix } from '@app/testing';
import { describe, expect, it, onTestFailed } from 'vitest';
import { expectAccessible, screenshot, webTest } from '../support/browser.js';
import { bearer, createOrganization } from '../support/fixtures.js';

const API = '/api/v1';

/**
 * The web app in Chromium on a desktop, against the real stack: a manager follows a campaign's
 * dashboard fed by calls logged through the API, and downloads its calls; a partner's manager follows
 * a convention's indicators after a call, marks an action done and downloads the steering report.
 * axe-core checks every screen.
 */
describe('the web app: managers and partners on a desktop', () => {
  const web = webTest();
  const { get, logIn } = web;

  async function company(token: string, name: string): Promise<string> {
    const created = await web.system.http.post(`${API}/companies`).set(bearer(token)).send({ name, siret: newSiret() });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.id as string;
  }

  /** An active campaign of the token's organisation with these companies as targets (once the campaigns service knows them). */
  async function activeCampaign(token: string, companyIds: string[], body: object): Promise<{ id: string; name: string }> {
    const created = await web.system.http.post(`${API}/campaigns`).set(bearer(token)).send({ name: `Campagne ${uniqueSuffix()}`, ...body });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    await expectEventually(async () => {
      const added = await web.system.http.post(`${API}/campaigns/${created.body.id}/targets`).set(bearer(token)).send({ companyIds });
      expect(added.status, JSON.stringify(added.body)).toBe(200);
      expect(added.body.added + added.body.alreadyPresent).toBe(companyIds.length);
    });
    const activated = await web.system.http.patch(`${API}/campaigns/${created.body.id}`).set(bearer(token)).set('If-Match', created.headers.etag as string).send({ status: 'active' });
    expect(activated.status, JSON.stringify(activated.body)).toBe(200);
    return created.body as { id: string; name: string };
  }

  async function logCall(campaignId: string, token: string, body: Record<string, unknown>): Promise<void> {
    const response = await web.system.http.post(`${API}/campaigns/${campaignId}/calls`).set(bearer(token)).send(body);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
  }

  const figure = async (id: string) => Number(await web.page.locator(`#figure-${id}`).textContent());

  it("should show a campaign's dashboard as the API counts the calls, and download its calls", async () => {
    onTestFailed(() => screenshot(web.page, 'manager-failure'));
    const token = web.org.manager.token;
    const companyIds: string[] = [];
    for (const name of ['Boulangerie du Beffroi', 'Garage du Port', 'Crêperie Jean Bart']) companyIds.push(await company(token, name));
    const campaign = await activeCampaign(token, companyIds, { goal: { companiesToContact: 2 } });
    await logCall(campaign.id, web.org.volunteer.token, { companyId: companyIds[0], outcome: 'no_answer' });
    await logCall(campaign.id, web.org.volunteer.token, { companyId: companyIds[1], outcome: 'offer', offers: [{ title: 'Apprenti mécanicien', contractType: 'apprenticeship' }] });
    await logCall(campaign.id, web.org.manager.token, { companyId: companyIds[0], outcome: 'interested' });
    await expectEventually(async () => expect((await get<{ calls: number }>(`/campaigns/${campaign.id}/dashboard`)).calls).toBe(3));
    const api = await get<{ targets: number; contacted: number; reached: number; calls: number; offers: { total: number } }>(`/campaigns/${campaign.id}/dashboard`);
    expect([api.contacted, api.reached]).toEqual([2, 2]);

    await logIn(web.org.manager.email);
    await web.page.getByRole('heading', { level: 1, name: 'Campagnes en cours' }).waitFor();
    await web.page.getByRole('link', { name: `Tableau de bord de « ${campaign.name} »` }).click();
    await web.page.getByRole('heading', { level: 1, name: `Tableau de bord : ${campaign.name}` }).waitFor();
    expect(await figure('targets')).toBe(api.targets);
    expect(await figure('contacted')).toBe(api.contacted);
    expect(await figure('reached')).toBe(api.reached);
    expect(await figure('calls')).toBe(api.calls);
    expect(await figure('offers')).toBe(api.offers.total);
    // The goal: 2 companies to contact, both contacted.
    const goal = web.page.getByRole('progressbar', { name: 'Objectif : entreprises contactées' });
    expect(await goal.getAttribute('value')).toBe('2');
    expect(await web.page.getByText('2 sur 2 (100 %)').count()).toBe(1);

    // The charts load on demand (Chart.js is not in the first screen), each with its table.
    await expect.poll(() => web.page.locator('.chart canvas').count(), { timeout: 15_000 }).toBe(4);
    await web.page.getByText('Voir les chiffres : Appels par bénévole').click();
    const callers = web.page.getByRole('table', { name: 'Appels par bénévole' });
    expect(await callers.getByRole('row').count()).toBe(3);
    await web.page.getByText('Voir les chiffres : Résultats des appels').click();
    const outcomes = web.page.getByRole('table', { name: 'Résultats des appels' });
    expect(await outcomes.getByRole('row', { name: /Pas de réponse/ }).getByRole('cell').textContent()).toBe('1');
    await expectAccessible(web.page, 'dashboard');
    await screenshot(web.page, 'manager-dashboard');

    // The CSV export, fetched with the bearer token and handed to the browser as a file.
    const [download] = await Promise.all([web.page.waitForEvent('download'), web.page.getByRole('button', { name: 'Exporter les appels (CSV)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const lines = (await new Response(await download.createReadStream() as unknown as ReadableStream).text()).trim().split(/\r\n/);
    expect(lines).toHaveLength(1 + api.calls);

    // English at one click.
    await web.page.getByRole('button', { name: 'Switch to English' }).click();
    await web.page.getByRole('heading', { level: 1, name: `Dashboard: ${campaign.name}` }).waitFor();
    await expectAccessible(web.page, 'dashboard in English');
  }, 120_000);

  it('should let a manager create a campaign (the API\'s field messages next to the fields), add targets by filter after counting them, and activate it', async () => {
    onTestFailed(() => screenshot(web.page, 'campaign-new-failure'));
    await logIn(web.org.manager.email);
    await web.page.getByRole('link', { name: 'Nouvelle campagne' }).click();
    await web.page.getByRole('heading', { level: 1, name: 'Nouvelle campagne' }).waitFor();
    // No name, a goal of 0: the API refuses, each message shows next to its field in French (the
    // text of its code, with the limit the API gives), nothing is created.
    const before = (await get<{ items: unknown[] }>('/campaigns?limit=100')).items.length;
    await web.page.getByLabel('Objectif : entreprises à contacter').fill('0');
    await web.page.getByRole('button', { name: 'Créer la campagne (brouillon)' }).click();
    await web.page.locator('#campaign-name-error').waitFor();
    expect(await web.page.getByLabel('Nom de la campagne').getAttribute('aria-invalid')).toBe('true');
    expect(await web.page.locator('#campaign-name-error').textContent()).toBe('Entre 1 et 200 caractères.');
    expect(await web.page.locator('#campaign-goal-error').textContent()).toBe('La valeur minimale est 1.');
    expect(await web.page.getByRole('alert').textContent()).toContain('Vérifiez les champs signalés');
    expect((await get<{ items: unknown[] }>('/campaigns?limit=100')).items).toHaveLength(before);
    await expectAccessible(web.page, 'campaign creation with a problem');
    await screenshot(web.page, 'campaign-new-field-errors');

    const name = `Commerces du littoral ${uniqueSuffix()}`;
    await web.page.getByLabel('Nom de la campagne').fill(name);
    await web.page.getByLabel("Script d'appel").fill('Bonjour, je vous appelle de la part du club emploi…');
    await web.page.getByLabel('Objectif : entreprises à contacter').fill('25');
    await web.page.getByRole('button', { name: 'Créer la campagne (brouillon)' }).click();
    await web.page.getByRole('heading', { level: 1, name: `Tableau de bord : ${name}` }).waitFor();
    const campaignId = /#\/campaigns\/([0-9a-f-]{36})\/dashboard$/.exec(web.page.url())![1]!;
    expect(await get<{ name: string; status: string; goal: { companiesToContact: number } }>(`/campaigns/${campaignId}`)).toMatchObject({ name, status: 'draft', goal: { companiesToContact: 25 } });
    expect(await web.page.locator('#campaign-status strong').textContent()).toBe('Brouillon');

    // Targets by filter: a malformed NAF code answers its message next to the field; then counted, then added.
    const bakeries: string[] = [];
    for (const [label, postalCode] of [['Boulangerie Malo', '59140'], ['Pâtisserie du Kursaal', '59140'], ['Boulangerie de Calais', '62100']] as const) {
      const created = await web.system.http.post(`${API}/companies`).set(bearer(web.org.manager.token)).send({ name: label, siret: newSiret(), nafCode: '10.71C', address: { line: '1 rue du Port', postalCode } });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      bakeries.push(created.body.id as string);
    }
    await expectEventually(async () => expect(await web.system.database.query(`SELECT 1 FROM campaigns.company_summary WHERE id = ANY($1::uuid[])`, [bakeries])).toHaveLength(3));
    await web.page.getByLabel('Codes NAF').fill('boulangerie');
    await web.page.getByRole('button', { name: 'Compter les entreprises' }).click();
    await web.page.locator('#targets-naf-error').waitFor();
    expect(await web.page.locator('#targets-naf-error').textContent()).toBe('Codes NAF ou débuts de code attendus, par exemple 10.71C, 10.71 ou 47.');
    await web.page.getByLabel('Codes NAF').fill('10.71');
    await web.page.getByLabel('Codes postaux').fill('59140');
    await web.page.getByRole('button', { name: 'Compter les entreprises' }).click();
    await web.page.getByText('2 entreprise(s) correspondent : 2 à ajouter, 0 déjà ciblée(s), 0 à ne plus appeler laissée(s) de côté.').waitFor();
    await expectAccessible(web.page, 'targets counted');
    await web.page.getByRole('button', { name: 'Les ajouter à la campagne' }).click();
    await web.page.getByText('2 entreprise(s) ajoutée(s), 0 déjà ciblée(s), 0 à ne plus appeler laissée(s) de côté.').waitFor();
    await expect.poll(() => figure('targets')).toBe(2);
    const targets = await get<{ items: { companyId: string }[] }>(`/campaigns/${campaignId}/targets`);
    expect(targets.items.map((target) => target.companyId).sort()).toEqual(bakeries.slice(0, 2).sort());
    await web.page.getByRole('button', { name: 'Activer la campagne' }).click();
    // The status word alone: the paragraph also holds the button « Activer… », which contains « Active ».
    await expect.poll(() => web.page.locator('#campaign-status strong').textContent()).toBe('Active');
    expect((await get<{ status: string }>(`/campaigns/${campaignId}`)).status).toBe('active');
    expect(await web.page.getByRole('button', { name: 'Activer la campagne' }).count()).toBe(0);
    await expectAccessible(web.page, 'a new campaign activated');
  }, 120_000);

  it("should show a convention's indicator moving after a partner's call, let the partner mark its action done and download the report", async () => {
    onTestFailed(() => screenshot(web.page, 'partner-failure'));
    const [chamber, club] = await Promise.all([createOrganization(web.system), createOrganization(web.system)]);
    const created = await web.system.http
      .post(`${API}/conventions`)
      .set(bearer(chamber.manager.token))
      .send({
        title: `Apprentissage Dunkerque ${uniqueSuffix()}`,
        reference: 'CONV-2026-007',
        startsOn: '2026-01-01',
        endsOn: '2027-12-31',
        parties: [
          { organizationId: chamber.id, role: 'signatory' },
          { organizationId: club.id, role: 'partner' },
        ],
        axes: [{ code: 'A1', title: "Promouvoir l'apprentissage", description: 'Appeler les commerces de bouche' }],
      });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const conventionId = created.body.id as string;
    const companyId = await company(chamber.manager.token, 'Poissonnerie de la Digue');
    // Retried: the campaigns service learns from an event that the chamber is a party.
    const campaign = await expectEventually(() => activeCampaign(chamber.manager.token, [companyId], { conventionId }), 15_000);
    const indicator = await web.system.http
      .post(`${API}/conventions/${conventionId}/indicators`)
      .set(bearer(chamber.manager.token))
      .send({ axisCode: 'A1', label: 'Entreprises contactées', metric: 'companies_contacted', target: 4, campaignIds: [campaign.id] });
    expect(indicator.status, JSON.stringify(indicator.body)).toBe(201);
    const title = 'Relancer les poissonneries';
    const action = await web.system.http
      .post(`${API}/conventions/${conventionId}/actions`)
      .set(bearer(chamber.manager.token))
      .send({ axisCode: 'A1', title, responsibleOrganizationId: club.id, dueOn: '2026-06-30', status: 'planned' });
    expect(action.status, JSON.stringify(action.body)).toBe(201);

    // A volunteer of the partner club calls in the chamber's shared campaign.
    await logCall(campaign.id, club.volunteer.token, { companyId, outcome: 'interested' });
    type Progress = { indicators: { id: string; value: number }[]; actions: { overdue: number } };
    await expectEventually(async () => expect((await get<Progress>(`/conventions/${conventionId}/progress`, club.manager.token)).indicators[0]!.value).toBe(1), 15_000);

    await logIn(club.manager.email);
    await web.page.getByRole('link', { name: 'Conventions' }).click();
    await web.page.getByRole('heading', { level: 1, name: 'Conventions' }).waitFor();
    await expectAccessible(web.page, 'conventions');
    await web.page.getByRole('link', { name: created.body.title }).click();
    await web.page.getByRole('heading', { level: 1, name: created.body.title }).waitFor();
    const bar = web.page.getByRole('progressbar', { name: 'Entreprises contactées' });
    expect([await bar.getAttribute('value'), await bar.getAttribute('max')]).toEqual(['1', '4']);
    expect(await web.page.getByText('1 sur 4 (25 %)').count()).toBe(1);
    await web.page.getByRole('heading', { level: 2, name: 'Actions en retard : 1' }).waitFor();
    expect(await web.page.getByRole('row', { name: new RegExp(title) }).getByRole('cell').first().textContent()).toBe(club.name);
    await expectAccessible(web.page, 'convention');
    await screenshot(web.page, 'partner-convention');

    // The club carries the action: its manager marks it done (If-Match on the version read).
    await web.page.getByLabel(`Statut de « ${title} »`).selectOption('done');
    await web.page.getByRole('button', { name: `Changer : ${title}` }).click();
    await web.page.getByText(`Statut changé : ${title}.`).waitFor();
    await web.page.getByRole('heading', { level: 2, name: 'Actions en retard : 0' }).waitFor();
    expect((await get<Progress>(`/conventions/${conventionId}/progress`, club.manager.token)).actions.overdue).toBe(0);

    // Changed meanwhile by the chamber: the stale version answers a problem, shown by its title, nothing changed.
    const fresh = await web.system.http.get(`${API}/conventions/${conventionId}/report`).set(bearer(club.manager.token));
    const current = (fresh.body as { axes: { actions: { id: string; version: number }[] }[] }).axes[0]!.actions[0]!;
    const moved = await web.system.http
      .patch(`${API}/conventions/${conventionId}/actions/${current.id}`)
      .set(bearer(chamber.manager.token))
      .set('If-Match', `"${current.version}"`)
      .send({ status: 'in_progress' });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    await web.page.getByLabel(`Statut de « ${title} »`).selectOption('dropped');
    await web.page.getByRole('button', { name: `Changer : ${title}` }).click();
    await web.page.getByRole('alert').waitFor();
    // The 412's title said in French by its type (the API's title is English).
    expect(await web.page.getByRole('alert').locator('.alert-title').textContent()).toBe("Quelqu'un a modifié ces données entre-temps : rechargez-les");
    const after = await web.system.http.get(`${API}/conventions/${conventionId}/report`).set(bearer(club.manager.token));
    expect(after.body.axes[0].actions[0]).toMatchObject({ id: current.id, status: 'in_progress', version: current.version + 1 });
    await expectAccessible(web.page, 'convention with a problem');

    const [report] = await Promise.all([web.page.waitForEvent('download'), web.page.getByRole('button', { name: /Télécharger le rapport/ }).click()]);
    expect(report.suggestedFilename()).toMatch(/^convention-report-2026-01-01-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await new Response((await report.createReadStream()) as unknown as ReadableStream).text();
    expect(csv).toContain(title);
    expect(csv).toContain('Entreprises contactées');
  }, 120_000);
});
