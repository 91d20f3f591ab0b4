import { expectEventually, newSiret, uniqueSuffix } from '@app/testing';
import { describe, expect, it, onTestFailed } from 'vitest';
import { type Device, expectAccessible, PHONE, screenshot, webTest } from '../support/browser.js';
import { adminToken, bearer, INITIAL_PASSWORD, PASSWORD } from '../support/fixtures.js';

const API = '/api/v1';
/** The password a new member chooses in the browser at first login. */
const OWN_PASSWORD = 'une phrase de passe bien à moi';

interface Member {
  userId: string;
  email: string;
  name: string;
  role: string;
  status: string;
  version: number;
}

/**
 * The web app in Chromium against the real stack, for the organisation's work: the offers board
 * (a manager follows an offer up, a stale version answers its problem), members and roles (a manager
 * invites, changes a role, meets the last-manager rule, removes), and the first login on a phone
 * (the initial password replaced, the invitation accepted, then the app). axe-core checks every screen.
 */
describe('the web app: offers, members and first login', () => {
  const web = webTest();
  const { get } = web;
  const members = async (organizationId = web.org.id, token = web.org.manager.token) => (await get<{ items: Member[] }>(`/organizations/${organizationId}/members?limit=200`, token)).items;

  /** A fresh page, logged in or at the step the login leads to. */
  const logIn = (email: string, password = PASSWORD, device?: Device) => web.logIn(email, { password, device });

  /** The list item (card) whose level-2 heading is `name`. */
  const card = (name: string) => web.page.getByRole('listitem').filter({ has: web.page.getByRole('heading', { level: 2, name }) });
  /** The headings of the list's items once it has loaded (a reload shows none for a moment), sorted. */
  const titles = async () => (await web.page.locator('.cards h2').allTextContents()).sort();

  it('should show the offers the calls uncovered, filter them, and let a manager change a status (a stale version shows its problem)', async () => {
    onTestFailed(() => screenshot(web.page, 'offers-failure'));
    const token = web.org.manager.token;
    const companyIds: string[] = [];
    for (const name of ['Boulangerie du Beffroi', 'Garage du Port']) {
      const created = await web.system.http.post(`${API}/companies`).set(bearer(token)).send({ name, siret: newSiret() });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      companyIds.push(created.body.id as string);
    }
    const campaign = await web.system.http.post(`${API}/campaigns`).set(bearer(token)).send({ name: `Marché caché ${uniqueSuffix()}` });
    expect(campaign.status, JSON.stringify(campaign.body)).toBe(201);
    const campaignId = campaign.body.id as string;
    // The campaigns service learns of the companies through the registry's events.
    await expectEventually(async () => {
      const added = await web.system.http.post(`${API}/campaigns/${campaignId}/targets`).set(bearer(token)).send({ companyIds });
      expect(added.status, JSON.stringify(added.body)).toBe(200);
      expect(added.body.added + added.body.alreadyPresent).toBe(2);
    });
    const activated = await web.system.http.patch(`${API}/campaigns/${campaignId}`).set(bearer(token)).set('If-Match', campaign.headers.etag as string).send({ status: 'active' });
    expect(activated.status, JSON.stringify(activated.body)).toBe(200);
    const offers = [
      { companyId: companyIds[0], title: 'Apprenti boulanger', contractType: 'apprenticeship' },
      { companyId: companyIds[1], title: 'Mécanicien automobile', contractType: 'cdi', positions: 2 },
    ];
    for (const { companyId, ...offer } of offers) {
      const call = await web.system.http.post(`${API}/campaigns/${campaignId}/calls`).set(bearer(web.org.volunteer.token)).send({ companyId, outcome: 'offer', offers: [offer] });
      expect(call.status, JSON.stringify(call.body)).toBe(201);
    }
    type Offer = { id: string; title: string; status: string; version: number };
    const logged = (await get<{ items: Offer[] }>(`/offers?campaignId=${campaignId}`)).items;
    expect(logged.map((offer) => offer.title).sort()).toEqual(['Apprenti boulanger', 'Mécanicien automobile']);
    const baker = logged.find((offer) => offer.title === 'Apprenti boulanger')!;
    const mechanic = logged.find((offer) => offer.title === 'Mécanicien automobile')!;

    await logIn(web.org.manager.email);
    await web.page.getByRole('link', { name: 'Offres' }).click();
    await web.page.getByRole('heading', { level: 1, name: 'Tableau des offres' }).waitFor();
    await card('Mécanicien automobile').waitFor();
    const mechanicText = await card('Mécanicien automobile').textContent();
    for (const fact of ['Garage du Port', 'CDI', campaign.body.name as string, 'Ouverte']) expect(mechanicText).toContain(fact);
    expect(await card('Apprenti boulanger').textContent()).toContain('Boulangerie du Beffroi');
    await expectAccessible(web.page, 'offers board');
    await screenshot(web.page, 'offers-board');

    // Filters combine: a contract type leaves one of the two.
    await web.page.getByLabel('Type de contrat').selectOption('apprenticeship');
    await expect.poll(titles).toEqual(['Apprenti boulanger']);
    await web.page.getByLabel('Type de contrat').selectOption('');
    await card('Mécanicien automobile').waitFor();

    // The manager marks the baker's offer filled (If-Match on the version read).
    await web.page.getByLabel('Statut de « Apprenti boulanger »').selectOption('filled');
    await web.page.getByRole('button', { name: 'Changer : Apprenti boulanger' }).click();
    await web.page.getByText('« Apprenti boulanger » : Pourvue.').waitFor();
    expect(await get<Offer>(`/offers/${baker.id}`)).toMatchObject({ status: 'filled', version: baker.version + 1 });
    await web.page.getByRole('radio', { name: 'Pourvues' }).check();
    await expect.poll(titles).toEqual(['Apprenti boulanger']);
    await web.page.getByRole('radio', { name: 'Toutes' }).check();
    await card('Mécanicien automobile').waitFor();

    // Closed meanwhile through the API: the board's version is stale, the problem shows by the offer, the board reloads.
    const closed = await web.system.http.patch(`${API}/offers/${mechanic.id}`).set(bearer(token)).set('If-Match', `"${mechanic.version}"`).send({ status: 'closed' });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    await web.page.getByLabel('Statut de « Mécanicien automobile »').selectOption('filled');
    await web.page.getByRole('button', { name: 'Changer : Mécanicien automobile' }).click();
    await card('Mécanicien automobile').getByRole('alert').waitFor();
    expect((await card('Mécanicien automobile').getByRole('alert').textContent())!.length).toBeGreaterThan(0);
    await expect.poll(() => web.page.getByLabel('Statut de « Mécanicien automobile »').inputValue()).toBe('closed');
    expect(await get<Offer>(`/offers/${mechanic.id}`)).toMatchObject({ status: 'closed', version: mechanic.version + 1 });
    await expectAccessible(web.page, 'offers board with a problem');

    // A volunteer sees the board on a phone, without the manager's forms, and nothing wider than the screen.
    await logIn(web.org.volunteer.email, PASSWORD, PHONE);
    await web.page.getByRole('link', { name: 'Offres' }).click();
    await card('Apprenti boulanger').waitFor();
    expect(await card('Apprenti boulanger').textContent()).toContain('Pourvue');
    expect(await web.page.getByRole('button', { name: /^Changer/ }).count()).toBe(0);
    expect(await web.page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth as number)).toBeLessThanOrEqual(PHONE.viewport.width);
    await expectAccessible(web.page, 'offers board on a phone');
  }, 120_000);

  const newcomer = { email: `nadia.${uniqueSuffix()}@example.test`, name: 'Nadia Benali' };

  it('should let a manager invite a member with an initial password; the person changes it on a phone, accepts and lands in the app', async () => {
    onTestFailed(() => screenshot(web.page, 'first-login-failure'));
    await logIn(web.org.manager.email);
    await web.page.getByRole('link', { name: 'Membres' }).click();
    await web.page.getByRole('heading', { level: 1, name: 'Membres et rôles' }).waitFor();
    await card('A volunteer').waitFor();

    // Nothing typed: the API's field messages stand next to the fields, nobody is added.
    const before = (await members()).length;
    await web.page.getByRole('button', { name: 'Inviter', exact: true }).click();
    await web.page.locator('#member-email-error').waitFor();
    expect(await web.page.locator('#member-password-error').count()).toBe(1);
    expect(await web.page.getByLabel('Adresse e-mail').getAttribute('aria-invalid')).toBe('true');
    expect(await members()).toHaveLength(before);
    await expectAccessible(web.page, 'members with a problem');

    await web.page.getByLabel('Adresse e-mail').fill(newcomer.email);
    await web.page.getByLabel('Nom', { exact: true }).fill(newcomer.name);
    await web.page.getByLabel('Rôle', { exact: true }).selectOption('volunteer');
    await web.page.getByLabel('Mot de passe initial').fill(INITIAL_PASSWORD);
    await web.page.getByRole('button', { name: 'Inviter', exact: true }).click();
    await web.page.getByText(`${newcomer.name} est invité·e.`).waitFor();
    await card(newcomer.name).getByText('Invitation en attente').waitFor();
    expect((await members()).find((member) => member.email === newcomer.email)).toMatchObject({ name: newcomer.name, role: 'volunteer', status: 'invited' });
    await expectAccessible(web.page, 'members');
    await screenshot(web.page, 'members');

    // First login, on a phone: the initial password must be replaced first.
    await logIn(newcomer.email, INITIAL_PASSWORD, PHONE);
    await web.page.getByRole('heading', { level: 1, name: 'Choisissez votre mot de passe' }).waitFor();
    await expectAccessible(web.page, 'password change');
    // A guessable password: the API's message stands next to the field.
    await web.page.getByLabel('Nouveau mot de passe', { exact: true }).fill('azertyuiop123');
    await web.page.getByLabel('Nouveau mot de passe, à nouveau').fill('azertyuiop123');
    await web.page.getByRole('button', { name: 'Changer mon mot de passe' }).click();
    await web.page.locator('#account-new-password-error').waitFor();
    expect(await web.page.getByLabel('Nouveau mot de passe', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(web.page, 'password change with a problem');
    await screenshot(web.page, 'password-change');

    await web.page.getByLabel('Nouveau mot de passe', { exact: true }).fill(OWN_PASSWORD);
    await web.page.getByLabel('Nouveau mot de passe, à nouveau').fill(OWN_PASSWORD);
    await web.page.getByRole('button', { name: 'Changer mon mot de passe' }).click();
    // Logged in again with the new password: no organisation yet, the invitation waits.
    await web.page.getByRole('heading', { level: 1, name: 'Vos invitations' }).waitFor();
    expect(await card(web.org.name).textContent()).toContain('Rôle proposé : Bénévole');
    await expectAccessible(web.page, 'invitations');
    await screenshot(web.page, 'invitations');
    await web.page.getByRole('button', { name: `Accepter : ${web.org.name}` }).click();
    await web.page.getByRole('heading', { level: 1, name: 'Campagnes en cours' }).waitFor();
    // A volunteer: no members link.
    expect(await web.page.getByRole('link', { name: 'Offres' }).count()).toBe(1);
    expect(await web.page.getByRole('link', { name: 'Membres' }).count()).toBe(0);
    expect((await members()).find((member) => member.email === newcomer.email)).toMatchObject({ role: 'volunteer', status: 'active' });
    const relogin = await web.system.http.post(`${API}/auth/login`).send({ email: newcomer.email, password: OWN_PASSWORD });
    expect(relogin.body).toMatchObject({ passwordChangeRequired: false, organization: { id: web.org.id }, role: 'volunteer' });
  }, 120_000);

  it("should let a manager change a member's role, keep the last manager, and remove a member after a confirmation", async () => {
    onTestFailed(() => screenshot(web.page, 'members-failure'));
    await logIn(web.org.manager.email);
    await web.page.getByRole('link', { name: 'Membres' }).click();
    await card(newcomer.name).waitFor();

    await web.page.getByLabel(`Rôle de ${newcomer.name}`).selectOption('viewer');
    await web.page.getByRole('button', { name: `Changer le rôle : ${newcomer.name}` }).click();
    await web.page.getByText(`Rôle changé : ${newcomer.name}.`).waitFor();
    await expect.poll(() => web.page.getByLabel(`Rôle de ${newcomer.name}`).inputValue()).toBe('viewer');
    expect((await members()).find((member) => member.email === newcomer.email)!.role).toBe('viewer');

    // The only manager cannot step down: the 422's title stands by the member, nothing changes.
    await web.page.getByLabel('Rôle de A manager').selectOption('volunteer');
    await web.page.getByRole('button', { name: 'Changer le rôle : A manager' }).click();
    await card('A manager').getByRole('alert').waitFor();
    expect(await card('A manager').getByRole('alert').locator('.alert-title').textContent()).toBe("L'organisation garde au moins un responsable");
    expect((await members()).find((member) => member.userId === web.org.manager.userId)!.role).toBe('manager');
    await expectAccessible(web.page, 'members with the last-manager problem');

    // Removing asks first; cancelling keeps the member.
    await web.page.getByRole('button', { name: `Retirer de l'organisation : ${newcomer.name}` }).click();
    await web.page.getByRole('button', { name: 'Annuler' }).click();
    expect((await members()).some((member) => member.email === newcomer.email)).toBe(true);
    await web.page.getByRole('button', { name: `Retirer de l'organisation : ${newcomer.name}` }).click();
    await expectAccessible(web.page, 'member removal confirmation');
    await web.page.getByRole('button', { name: 'Oui, retirer' }).click();
    await web.page.getByText(`${newcomer.name} ne fait plus partie de l'organisation.`).waitFor();
    await expect.poll(titles).toEqual(['A manager', 'A viewer', 'A volunteer']);
    expect((await members()).some((member) => member.email === newcomer.email)).toBe(false);
  }, 120_000);

  it('should let a person with an account but no organisation decline one invitation and accept another on a phone', async () => {
    onTestFailed(() => screenshot(web.page, 'invitations-failure'));
    const admin = await adminToken(web.system);
    const organizations: { id: string; name: string }[] = [];
    for (const name of [`Agence ${uniqueSuffix()}`, `Club ${uniqueSuffix()}`]) {
      const created = await web.system.http.post(`${API}/organizations`).set(bearer(admin)).send({ name, kind: 'club' });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      organizations.push({ id: created.body.id as string, name });
    }
    const [declined, accepted] = organizations as [{ id: string; name: string }, { id: string; name: string }];
    const email = `karim.${uniqueSuffix()}@example.test`;
    const invite = async (organizationId: string) => {
      const response = await web.system.http.post(`${API}/organizations/${organizationId}/members`).set(bearer(admin)).send({ email, name: 'Karim Haddad', role: 'volunteer', password: INITIAL_PASSWORD });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
    };
    // The account exists with its own password (chosen through the API), and belongs nowhere yet.
    await invite(declined.id);
    const first = await web.system.http.post(`${API}/auth/login`).send({ email, password: INITIAL_PASSWORD });
    const changed = await web.system.http.post(`${API}/me/password`).set(bearer(first.body.accessToken as string)).send({ currentPassword: INITIAL_PASSWORD, newPassword: PASSWORD });
    expect(changed.status, JSON.stringify(changed.body)).toBe(204);
    await invite(accepted.id);

    await logIn(email, PASSWORD, PHONE);
    await web.page.getByRole('heading', { level: 1, name: 'Vos invitations' }).waitFor();
    await card(declined.name).waitFor();
    await card(accepted.name).waitFor();
    await expectAccessible(web.page, 'two invitations');
    await web.page.getByRole('button', { name: `Refuser : ${declined.name}` }).click();
    await web.page.getByText(`Invitation de ${declined.name} refusée.`).waitFor();
    await expect.poll(titles).toEqual([accepted.name]);
    expect(await members(declined.id, admin)).toEqual([]);
    await web.page.getByRole('button', { name: `Accepter : ${accepted.name}` }).click();
    await web.page.getByRole('heading', { level: 1, name: 'Campagnes en cours' }).waitFor();
    expect(await members(accepted.id, admin)).toEqual([expect.objectContaining({ email, role: 'volunteer', status: 'active' })]);
  }, 120_000);
});
