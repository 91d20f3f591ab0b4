import { expectEventually, newSiret } from '@app/testing';
import { beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { WEB_DIST } from '../../scripts/lib/build.mjs';
import { FIRST_SCREEN_BUDGET_BYTES, measureWebApp } from '../../scripts/lib/web-size.mjs';
import { expectAccessible, PHONE, screenshot, webTest } from '../support/browser.js';
import { bearer } from '../support/fixtures.js';

const API = '/api/v1';
const SCRIPT = 'Bonjour, je vous appelle de la part du club emploi de Dunkerque…';

/**
 * The web app in Chromium, on a 360×740 phone, against the real stack: a volunteer logs in, picks
 * the campaign, calls the next company, logs two calls (the second a callback, typed across a
 * session that expires) and finds the callback in "mes rappels". axe-core checks every screen.
 */
describe('the web app: a volunteer on a phone', () => {
  const web = webTest();
  let campaignId: string;
  const companyNames = ['Boulangerie du Beffroi', 'Boucherie Jean Bart'];

  beforeAll(async () => {
    const token = web.org.manager.token;
    const companyIds: string[] = [];
    for (const name of companyNames) {
      const created = await web.system.http
        .post(`${API}/companies`)
        .set(bearer(token))
        .send({ name, siret: newSiret(), nafCode: '10.71C', sizeBand: '02', phone: '03 28 12 34 56', address: { line: '12 rue Poincaré', postalCode: '59140' } });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      companyIds.push(created.body.id as string);
    }
    // The queue hands out only companies the campaigns service has heard of (through the registry's events).
    await expectEventually(async () =>
      expect(await web.system.database.query(`SELECT 1 FROM campaigns.company_summary WHERE id = ANY($1::uuid[])`, [companyIds])).toHaveLength(companyIds.length),
    );
    const campaign = await web.system.http.post(`${API}/campaigns`).set(bearer(token)).send({ name: 'Commerces de Dunkerque', script: SCRIPT });
    expect(campaign.status, JSON.stringify(campaign.body)).toBe(201);
    campaignId = campaign.body.id as string;
    expect((await web.system.http.post(`${API}/campaigns/${campaignId}/targets`).set(bearer(token)).send({ companyIds })).status).toBe(200);
    const activated = await web.system.http.patch(`${API}/campaigns/${campaignId}`).set(bearer(token)).set('If-Match', campaign.headers.etag as string).send({ status: 'active' });
    expect(activated.status, JSON.stringify(activated.body)).toBe(200);

    await web.openPage(PHONE);
  }, 240_000);

  const calls = async () => (await web.system.http.get(`${API}/campaigns/${campaignId}/calls`).set(bearer(web.org.manager.token))).body.items as { outcome: string; notes: string | null; callbackAt: string | null }[];

  const logIn = () => web.submitLogin(web.org.volunteer.email);

  it('should serve the app at / with the API untouched', async () => {
    const index = await fetch(`${web.baseUrl}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const html = await index.text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
    const asset = await fetch(`${web.baseUrl}${script}`);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    // Compressed at build time, sent as the browser accepts it.
    expect(['br', 'gzip']).toContain(asset.headers.get('content-encoding'));
    expect(asset.headers.get('content-type')).toContain('javascript');
    // Anything else is still the API's, with its problem for what does not exist.
    const unknown = await fetch(`${web.baseUrl}/campaigns`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    expect((await fetch(`${web.baseUrl}/assets/nothing.js`)).headers.get('content-type')).toContain('application/problem+json');
  });

  it('should keep the first screen under 300 KB of JavaScript gzipped', () => {
    const size = measureWebApp(WEB_DIST);
    expect(size.firstScreenJs.length).toBeGreaterThan(0);
    expect(size.firstScreenJsGzip).toBeLessThanOrEqual(FIRST_SCREEN_BUDGET_BYTES);
  });

  it('should let a volunteer log in, call, log two calls across an expired session and find the callback', async () => {
    onTestFailed(() => screenshot(web.page, 'failure'));
    await web.page.goto('/');
    await web.page.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
    await expectAccessible(web.page, 'login');
    await screenshot(web.page, 'login');

    // A wrong password: the problem's title, nothing else changes.
    await web.submitLogin(web.org.volunteer.email, 'not the password');
    await web.page.getByRole('alert').waitFor();
    expect(await web.page.getByLabel('Adresse e-mail').inputValue()).toBe(web.org.volunteer.email);

    await logIn();
    await web.page.getByRole('heading', { level: 1, name: 'Campagnes en cours' }).waitFor();
    await expectAccessible(web.page, 'campaigns');
    await screenshot(web.page, 'campaigns');
    await web.page.getByRole('link', { name: /^Appeler dans/ }).click();

    await web.page.getByRole('button', { name: 'Appeler le suivant' }).click();
    const company = web.page.locator('#company-name');
    await company.waitFor();
    let first = (await company.textContent())!;
    expect(companyNames).toContain(first);
    // The number as it is dialled in France, as on every screen that shows a company.
    expect(await web.page.getByRole('link', { name: '03 28 12 34 56' }).getAttribute('href')).toBe('tel:+33328123456');
    expect(await web.page.getByText('Boulangerie et boulangerie-pâtisserie (10.71C)').count()).toBe(1);
    expect(await web.page.getByText('3 à 5 salariés').count()).toBe(1);
    expect(await web.page.getByText(SCRIPT).count()).toBe(1);
    await expectAccessible(web.page, 'call');
    await screenshot(web.page, 'call');

    // Two minutes before the claim ends, a warning; after a reload the same claim (and draft) comes back.
    await web.system.database.query(`UPDATE campaigns.target SET claim_expires_at = now() + interval '90 seconds' WHERE campaign_id = $1 AND status = 'claimed'`, [campaignId]);
    await web.page.reload();
    await web.page.getByText(/Votre réservation de cette entreprise expire dans [12] min/).waitFor();
    expect(await company.textContent()).toBe(first);

    // Giving it back without calling, then asking again.
    await web.page.getByRole('button', { name: 'Rendre sans appeler' }).click();
    await web.page.getByText('Entreprise rendue à la file d\'appels.').waitFor();
    await web.page.getByRole('button', { name: 'Appeler le suivant' }).click();
    await company.waitFor();
    first = (await company.textContent())!;

    // First call on the keyboard alone: 1 (no answer), Enter. The next company shows at once.
    await web.page.keyboard.press('1');
    expect(await web.page.getByRole('radio', { name: /Pas de réponse/ }).isChecked()).toBe(true);
    await web.page.keyboard.press('Enter');
    await expect.poll(() => company.textContent(), { timeout: 15_000 }).not.toBe(first);
    const second = (await company.textContent())!;
    await web.page.getByText(`Appel enregistré : ${first}.`).waitFor();
    expect((await calls()).map((call) => call.outcome)).toEqual(['no_answer']);

    // Second call: a callback, with notes. Without its date the API's field message shows next to the field.
    await web.page.getByRole('radio', { name: /À rappeler/ }).check();
    await web.page.getByLabel('Notes').fill('Gérante absente, rappeler demain matin');
    await web.page.getByRole('button', { name: /Enregistrer l'appel/ }).click();
    await web.page.locator('#call-callback-at-error').waitFor();
    expect(await web.page.getByRole('alert').first().textContent()).toContain('Vérifiez les champs signalés');
    expect(await web.page.getByLabel('Rappeler le').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(web.page, 'call with a problem');
    await screenshot(web.page, 'call-problem');

    // The session ends mid-call (the access token expired, the session was closed elsewhere so the
    // refresh is refused): back to login, the typed call is kept.
    const session = await web.page.evaluate(() => JSON.parse((globalThis as any).sessionStorage.getItem('filon.session')));
    expect((await web.system.http.post(`${API}/auth/logout`).set(bearer(session.accessToken)).send({ refreshToken: session.refreshToken })).status).toBe(204);
    await web.page.evaluate((stale) => (globalThis as any).sessionStorage.setItem('filon.session', stale), JSON.stringify({ ...session, accessToken: 'expired' }));
    await web.page.getByRole('button', { name: /Enregistrer l'appel/ }).click();
    await web.page.getByText('Votre session a expiré').waitFor();
    await logIn();
    await expect.poll(() => company.textContent(), { timeout: 15_000 }).toBe(second);
    expect(await web.page.getByLabel('Notes').inputValue()).toBe('Gérante absente, rappeler demain matin');
    expect(await web.page.getByRole('radio', { name: /À rappeler/ }).isChecked()).toBe(true);

    const tomorrow = new Date(Date.now() + 24 * 3600_000);
    const day = tomorrow.toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });
    await web.page.getByLabel('Rappeler le').fill(`${day}T10:30`);
    await screenshot(web.page, 'call-callback');
    await web.page.getByRole('button', { name: /Enregistrer l'appel/ }).click();
    await web.page.getByText(/Plus personne à appeler/).waitFor();
    const logged = await calls();
    expect(logged.map((call) => call.outcome)).toEqual(['callback', 'no_answer']);
    expect(logged[0]!.notes).toBe('Gérante absente, rappeler demain matin');
    expect(new Date(logged[0]!.callbackAt!).toLocaleString('sv-SE', { timeZone: 'Europe/Paris' })).toBe(`${day} 10:30:00`);

    // "Mes rappels" lists the callback.
    await web.page.getByRole('link', { name: 'Mes rappels' }).click();
    await web.page.getByRole('heading', { level: 2, name: second }).waitFor();
    await expectAccessible(web.page, 'callbacks');
    await screenshot(web.page, 'callbacks');

    // Every text comes from the message files: English at one click.
    await web.page.getByRole('button', { name: 'Switch to English' }).click();
    await web.page.getByRole('heading', { level: 1, name: 'My callbacks' }).waitFor();
    expect(await web.page.locator('html').getAttribute('lang')).toBe('en');
    await expectAccessible(web.page, 'callbacks in English');
  }, 120_000);
});
