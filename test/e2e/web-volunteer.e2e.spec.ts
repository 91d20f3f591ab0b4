import { expectEventually, newSiret } from '@app/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { WEB_DIST } from '../../scripts/lib/build.mjs';
import { FIRST_SCREEN_BUDGET_BYTES, measureWebApp } from '../../scripts/lib/web-size.mjs';
import { expectAccessible, launchBrowser, listen, newContext, screenshot } from '../support/browser.js';
import { bearer, createOrganization, PASSWORD, type TestOrganization } from '../support/fixtures.js';
import { TestSystem } from '../support/system.js';

const API = '/api/v1';
const SCRIPT = 'Bonjour, je vous appelle de la part du club emploi de Dunkerque…';

/**
 * The web app in Chromium, on a 360×740 phone, against the real stack: a volunteer logs in, picks
 * the campaign, calls the next company, logs two calls (the second a callback, typed across a
 * session that expires) and finds the callback in "mes rappels". axe-core checks every screen.
 */
describe('the web app: a volunteer on a phone', () => {
  let system: TestSystem;
  let org: TestOrganization;
  let baseUrl: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let campaignId: string;
  const companyNames = ['Boulangerie du Beffroi', 'Boucherie Jean Bart'];

  beforeAll(async () => {
    system = await TestSystem.start();
    [org, browser] = await Promise.all([createOrganization(system), launchBrowser()]);
    const token = org.manager.token;
    const companyIds: string[] = [];
    for (const name of companyNames) {
      const created = await system.http
        .post(`${API}/companies`)
        .set(bearer(token))
        .send({ name, siret: newSiret(), nafCode: '10.71C', sizeBand: '02', phone: '03 28 12 34 56', address: { line: '12 rue Poincaré', postalCode: '59140' } });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      companyIds.push(created.body.id as string);
    }
    // The queue hands out only companies the campaigns service has heard of (through the registry's events).
    await expectEventually(async () =>
      expect(await system.database.query(`SELECT 1 FROM campaigns.company_summary WHERE id = ANY($1::uuid[])`, [companyIds])).toHaveLength(companyIds.length),
    );
    const campaign = await system.http.post(`${API}/campaigns`).set(bearer(token)).send({ name: 'Commerces de Dunkerque', script: SCRIPT });
    expect(campaign.status, JSON.stringify(campaign.body)).toBe(201);
    campaignId = campaign.body.id as string;
    expect((await system.http.post(`${API}/campaigns/${campaignId}/targets`).set(bearer(token)).send({ companyIds })).status).toBe(200);
    const activated = await system.http.patch(`${API}/campaigns/${campaignId}`).set(bearer(token)).set('If-Match', campaign.headers.etag as string).send({ status: 'active' });
    expect(activated.status, JSON.stringify(activated.body)).toBe(200);

    baseUrl = await listen(system);
    context = await newContext(browser, baseUrl);
    page = await context.newPage();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await system?.close();
  }, 120_000);

  const calls = async () => (await system.http.get(`${API}/campaigns/${campaignId}/calls`).set(bearer(org.manager.token))).body.items as { outcome: string; notes: string | null; callbackAt: string | null }[];

  async function logIn(): Promise<void> {
    await page.getByLabel('Adresse e-mail').fill(org.volunteer.email);
    await page.getByLabel('Mot de passe').fill(PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
  }

  it('should serve the app at / with the API untouched', async () => {
    const index = await fetch(`${baseUrl}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const html = await index.text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
    const asset = await fetch(`${baseUrl}${script}`);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    // Compressed at build time, sent as the browser accepts it.
    expect(['br', 'gzip']).toContain(asset.headers.get('content-encoding'));
    expect(asset.headers.get('content-type')).toContain('javascript');
    // Anything else is still the API's, with its problem for what does not exist.
    const unknown = await fetch(`${baseUrl}/campaigns`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    expect((await fetch(`${baseUrl}/assets/nothing.js`)).headers.get('content-type')).toContain('application/problem+json');
  });

  it('should keep the first screen under 300 KB of JavaScript gzipped', () => {
    const size = measureWebApp(WEB_DIST);
    expect(size.firstScreenJs.length).toBeGreaterThan(0);
    expect(size.firstScreenJsGzip).toBeLessThanOrEqual(FIRST_SCREEN_BUDGET_BYTES);
  });

  it('should let a volunteer log in, call, log two calls across an expired session and find the callback', async () => {
    onTestFailed(() => screenshot(page, 'failure'));
    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
    await expectAccessible(page, 'login');
    await screenshot(page, 'login');

    // A wrong password: the problem's title, nothing else changes.
    await page.getByLabel('Adresse e-mail').fill(org.volunteer.email);
    await page.getByLabel('Mot de passe').fill('not the password');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByLabel('Adresse e-mail').inputValue()).toBe(org.volunteer.email);

    await logIn();
    await page.getByRole('heading', { level: 1, name: 'Campagnes en cours' }).waitFor();
    await expectAccessible(page, 'campaigns');
    await screenshot(page, 'campaigns');
    await page.getByRole('link', { name: /^Appeler dans/ }).click();

    await page.getByRole('button', { name: 'Appeler le suivant' }).click();
    const company = page.locator('#company-name');
    await company.waitFor();
    let first = (await company.textContent())!;
    expect(companyNames).toContain(first);
    // The number as it is dialled in France, as on every screen that shows a company.
    expect(await page.getByRole('link', { name: '03 28 12 34 56' }).getAttribute('href')).toBe('tel:+33328123456');
    expect(await page.getByText('Boulangerie et boulangerie-pâtisserie (10.71C)').count()).toBe(1);
    expect(await page.getByText('3 à 5 salariés').count()).toBe(1);
    expect(await page.getByText(SCRIPT).count()).toBe(1);
    await expectAccessible(page, 'call');
    await screenshot(page, 'call');

    // Two minutes before the claim ends, a warning; after a reload the same claim (and draft) comes back.
    await system.database.query(`UPDATE campaigns.target SET claim_expires_at = now() + interval '90 seconds' WHERE campaign_id = $1 AND status = 'claimed'`, [campaignId]);
    await page.reload();
    await page.getByText(/Votre réservation de cette entreprise expire dans [12] min/).waitFor();
    expect(await company.textContent()).toBe(first);

    // Giving it back without calling, then asking again.
    await page.getByRole('button', { name: 'Rendre sans appeler' }).click();
    await page.getByText('Entreprise rendue à la file d\'appels.').waitFor();
    await page.getByRole('button', { name: 'Appeler le suivant' }).click();
    await company.waitFor();
    first = (await company.textContent())!;

    // First call on the keyboard alone: 1 (no answer), Enter. The next company shows at once.
    await page.keyboard.press('1');
    expect(await page.getByRole('radio', { name: /Pas de réponse/ }).isChecked()).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => company.textContent(), { timeout: 15_000 }).not.toBe(first);
    const second = (await company.textContent())!;
    await page.getByText(`Appel enregistré : ${first}.`).waitFor();
    expect((await calls()).map((call) => call.outcome)).toEqual(['no_answer']);

    // Second call: a callback, with notes. Without its date the API's field message shows next to the field.
    await page.getByRole('radio', { name: /À rappeler/ }).check();
    await page.getByLabel('Notes').fill('Gérante absente, rappeler demain matin');
    await page.getByRole('button', { name: /Enregistrer l'appel/ }).click();
    await page.locator('#call-callback-at-error').waitFor();
    expect(await page.getByRole('alert').first().textContent()).toContain('Vérifiez les champs signalés');
    expect(await page.getByLabel('Rappeler le').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'call with a problem');
    await screenshot(page, 'call-problem');

    // The session ends mid-call (the access token expired, the session was closed elsewhere so the
    // refresh is refused): back to login, the typed call is kept.
    const session = await page.evaluate(() => JSON.parse((globalThis as any).sessionStorage.getItem('filon.session')));
    expect((await system.http.post(`${API}/auth/logout`).set(bearer(session.accessToken)).send({ refreshToken: session.refreshToken })).status).toBe(204);
    await page.evaluate((stale) => (globalThis as any).sessionStorage.setItem('filon.session', stale), JSON.stringify({ ...session, accessToken: 'expired' }));
    await page.getByRole('button', { name: /Enregistrer l'appel/ }).click();
    await page.getByText('Votre session a expiré').waitFor();
    await logIn();
    await expect.poll(() => company.textContent(), { timeout: 15_000 }).toBe(second);
    expect(await page.getByLabel('Notes').inputValue()).toBe('Gérante absente, rappeler demain matin');
    expect(await page.getByRole('radio', { name: /À rappeler/ }).isChecked()).toBe(true);

    const tomorrow = new Date(Date.now() + 24 * 3600_000);
    const day = tomorrow.toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });
    await page.getByLabel('Rappeler le').fill(`${day}T10:30`);
    await screenshot(page, 'call-callback');
    await page.getByRole('button', { name: /Enregistrer l'appel/ }).click();
    await page.getByText(/Plus personne à appeler/).waitFor();
    const logged = await calls();
    expect(logged.map((call) => call.outcome)).toEqual(['callback', 'no_answer']);
    expect(logged[0]!.notes).toBe('Gérante absente, rappeler demain matin');
    expect(new Date(logged[0]!.callbackAt!).toLocaleString('sv-SE', { timeZone: 'Europe/Paris' })).toBe(`${day} 10:30:00`);

    // "Mes rappels" lists the callback.
    await page.getByRole('link', { name: 'Mes rappels' }).click();
    await page.getByRole('heading', { level: 2, name: second }).waitFor();
    await expectAccessible(page, 'callbacks');
    await screenshot(page, 'callbacks');

    // Every text comes from the message files: English at one click.
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('heading', { level: 1, name: 'My callbacks' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await expectAccessible(page, 'callbacks in English');
  }, 120_000);
});
