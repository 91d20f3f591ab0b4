// Demo data, created through the public API (so every rule and event applies) and idempotent:
// what exists is found and kept. A Dunkerque job-seekers' club, a chamber of trades and an
// employment agency, their members, and a few dozen bakeries, food shops and local businesses; the
// club's campaign, and the Dunkerque apprenticeship convention with the chamber's campaign it shares.
import { call, completeLuhn, joinOrganization, login } from './api-client.mjs';

export const DEMO_PASSWORD = 'filon-demo-2026';
// What the administrator types when inviting a demo member; each person then replaces it with
// DEMO_PASSWORD at first login, like anyone invited (filon refuses to keep a password someone else chose).
const INITIAL_PASSWORD = `${DEMO_PASSWORD}-first-login`;

const ORGANIZATIONS = [
  { key: 'club', name: 'Club Emploi Dunkerque Flandre', kind: 'club' },
  { key: 'chamber', name: "Chambre de Métiers et de l'Artisanat – Dunkerque", kind: 'chamber' },
  { key: 'agency', name: 'Agence France Travail Dunkerque Port', kind: 'agency' },
];

const USERS = [
  { org: 'club', email: 'claire.martin@club-emploi-dunkerque.fr', name: 'Claire Martin', role: 'manager' },
  { org: 'club', email: 'paul.lefebvre@club-emploi-dunkerque.fr', name: 'Paul Lefebvre', role: 'volunteer' },
  { org: 'club', email: 'nadia.benali@club-emploi-dunkerque.fr', name: 'Nadia Benali', role: 'volunteer' },
  { org: 'club', email: 'jean-marc.dubois@club-emploi-dunkerque.fr', name: 'Jean-Marc Dubois', role: 'viewer' },
  { org: 'chamber', email: 'sophie.vandamme@cma-dunkerque.fr', name: 'Sophie Vandamme', role: 'manager' },
  { org: 'chamber', email: 'kevin.deswarte@cma-dunkerque.fr', name: 'Kévin Deswarte', role: 'volunteer' },
  { org: 'agency', email: 'isabelle.roussel@agence-dunkerque.fr', name: 'Isabelle Roussel', role: 'manager' },
  { org: 'agency', email: 'thomas.hennebert@agence-dunkerque.fr', name: 'Thomas Hennebert', role: 'volunteer' },
];

export const DEMO_LOGINS = {
  password: DEMO_PASSWORD,
  users: USERS.map((u) => ({ email: u.email, role: u.role, organization: ORGANIZATIONS.find((o) => o.key === u.org).name })),
};

// [name, NAF, size band, street, postal code, city, tags]
const CHAMBER_COMPANIES = [
  ['Boulangerie Dupont', '10.71C', '02', '12 rue Poincaré', '59140', 'Dunkerque', ['boulangerie', 'apprentissage']],
  ['Au Pain de Malo', '10.71C', '01', '45 avenue de la Mer', '59240', 'Dunkerque', ['boulangerie']],
  ['Boulangerie Pâtisserie Verhaeghe', '10.71C', '03', '8 place Jean Bart', '59140', 'Dunkerque', ['boulangerie', 'pâtisserie']],
  ['La Fournée de Rosendaël', '10.71C', '02', '130 avenue Louis Herbeaux', '59240', 'Dunkerque', ['boulangerie']],
  ["Pâtisserie L'Éclair Dunkerquois", '10.71D', '01', '3 rue du Président Wilson', '59140', 'Dunkerque', ['pâtisserie']],
  ['Boulangerie du Kursaal', '10.71C', '02', '2 digue de Mer', '59240', 'Dunkerque', ['boulangerie', 'saisonnier']],
  ['Le Fournil de Petite-Synthe', '10.71C', '02', '210 route de Bourbourg', '59640', 'Dunkerque', ['boulangerie']],
  ['Boulangerie Saint-Pol', '10.71C', '01', '17 rue de la République', '59430', 'Saint-Pol-sur-Mer', ['boulangerie']],
  ['Maison Lemaire Pains et Viennoiseries', '10.71C', '03', '56 rue Gambetta', '59210', 'Coudekerque-Branche', ['boulangerie', 'apprentissage']],
  ['Pâtisserie Coppens', '10.71D', '02', '9 rue Nationale', '59380', 'Bergues', ['pâtisserie']],
  ['Boulangerie de Gravelines', '10.71C', '02', '4 place Albert Denvers', '59820', 'Gravelines', ['boulangerie']],
  ['Le Pain Flamand', '10.71C', '01', '21 rue de Lille', '59180', 'Cappelle-la-Grande', ['boulangerie']],
  ['Boucherie Charcuterie Vandenbussche', '47.22Z', '02', '33 rue Clemenceau', '59140', 'Dunkerque', ['boucherie', 'apprentissage']],
  ['Charcuterie Traiteur Debril', '10.13B', '03', '7 rue Thiers', '59210', 'Coudekerque-Branche', ['charcuterie', 'traiteur']],
  ['Poissonnerie du Port', '47.23Z', '01', '1 quai des Hollandais', '59140', 'Dunkerque', ['poissonnerie']],
  ["Fromagerie Les Monts de Flandre", '47.29Z', '01', '14 rue Royer', '59380', 'Bergues', ['fromagerie']],
  ['Chocolaterie Jean Bart', '10.82Z', '02', '25 rue Emmery', '59140', 'Dunkerque', ['chocolaterie', 'apprentissage']],
  ['Traiteur Les Saveurs du Littoral', '56.21Z', '11', 'ZA de la Porte Nord', '59760', 'Grande-Synthe', ['traiteur']],
  ['Glacier Le Pingouin de Malo', '10.52Z', '01', '60 digue de Mer', '59240', 'Dunkerque', ['glacier', 'saisonnier']],
  ['Boucherie Halal de Grande-Synthe', '47.22Z', '01', '5 place François Mitterrand', '59760', 'Grande-Synthe', ['boucherie']],
  ['Épicerie Fine Le Comptoir Flamand', '47.29Z', '01', '11 rue du Sud', '59140', 'Dunkerque', ['épicerie']],
  ['Brasserie Artisanale de la Côte', '11.05Z', '02', '3 rue de la Distillerie', '59380', 'Bergues', ['brasserie']],
];

const CLUB_COMPANIES = [
  ['Salon Coiffure Marine', '96.02A', '02', '18 boulevard Alexandre III', '59140', 'Dunkerque', ['coiffure']],
  ['Garage Automobiles du Littoral', '45.20A', '11', '150 avenue de Petite-Synthe', '59640', 'Dunkerque', ['garage', 'mécanique']],
  ['Pharmacie de Malo', '47.73Z', '02', '35 avenue Faidherbe', '59240', 'Dunkerque', ['pharmacie']],
  ['Fleuriste Les Jardins de Flandre', '47.76Z', '01', '22 rue Nationale', '59430', 'Saint-Pol-sur-Mer', ['fleuriste']],
  ['Librairie Le Tour du Monde', '47.61Z', '01', '5 rue Clemenceau', '59140', 'Dunkerque', ['librairie']],
  ['Transports Delattre et Fils', '49.41A', '21', 'Zone Industrielle de Petite-Synthe', '59640', 'Dunkerque', ['transport', 'logistique']],
  ['Optique Dunkerque Centre', '47.78A', '02', '40 place de la République', '59140', 'Dunkerque', ['optique']],
  ['Menuiserie Bouchard', '43.32A', '03', '12 rue des Artisans', '59210', 'Coudekerque-Branche', ['menuiserie', 'bâtiment']],
  ['Restaurant Le Corsaire', '56.10A', '11', '6 quai de la Citadelle', '59140', 'Dunkerque', ['restauration', 'saisonnier']],
  ['Électricité Générale Flamande', '43.21A', '11', '9 rue du Fort Louis', '59210', 'Coudekerque-Branche', ['électricité', 'bâtiment']],
  ['Cabinet Comptable Nord Littoral', '69.20Z', '12', '27 rue de Furnes', '59140', 'Dunkerque', ['comptabilité']],
  ['Hôtel de la Plage', '55.10Z', '12', '3 digue de Mer', '59240', 'Dunkerque', ['hôtellerie', 'saisonnier']],
  ['Plomberie Chauffage Lemoine', '43.22A', '02', '61 rue de Bergues', '59180', 'Cappelle-la-Grande', ['plomberie', 'bâtiment']],
  ['Supérette Proxi Rosendaël', '47.11B', '03', '88 avenue Louis Herbeaux', '59240', 'Dunkerque', ['commerce']],
];

const AGENCY_COMPANIES = [
  ['Logistique Portuaire Jean Bart', '52.24A', '31', 'Port Ouest, môle 5', '59140', 'Dunkerque', ['logistique', 'port']],
  ['Nettoyage Industriel du Dunkerquois', '81.22Z', '22', '4 rue de la Sidérurgie', '59760', 'Grande-Synthe', ['propreté']],
  ['Aide à Domicile Flandre Maritime', '88.10A', '21', '15 rue Jean Jaurès', '59430', 'Saint-Pol-sur-Mer', ['aide à domicile']],
];

const COMPANIES = { chamber: CHAMBER_COMPANIES, club: CLUB_COMPANIES, agency: AGENCY_COMPANIES };


/** A fixed, Luhn-valid SIRET per demo company, so that seeding again finds the same ones. */
const demoSiret = (group, index) => completeLuhn(completeLuhn(`8${String(group).padStart(2, '0')}${String(index).padStart(5, '0')}`) + '0001');
const demoPhone = (group, index) => `03 28 ${String(20 + group).padStart(2, '0')} ${String(index).padStart(2, '0')} ${String((index * 37) % 100).padStart(2, '0')}`;


const DEMO_CAMPAIGN = {
  org: 'club',
  name: 'Commerces et artisans de Dunkerque – hiver 2026',
  description: "Les commerces, artisans et services de l'agglomération : qui recrute cet hiver sans publier d'annonce ?",
  script:
    "Bonjour, je suis bénévole au Club Emploi Dunkerque Flandre. Nous accompagnons des personnes en recherche d'emploi près de chez vous. " +
    'Avez-vous un besoin de recrutement en ce moment, ou dans les prochains mois (CDI, CDD, apprentissage, saisonnier) ? ' +
    'Puis-je noter le nom de la personne à rappeler ?',
  cooldownDays: 7,
  goal: { companiesToContact: CLUB_COMPANIES.length },
};

/** In `days` days at `hour`:00 Paris time, roughly (UTC+1 in winter): a callback or meeting that is in the future whenever the seed runs. */
const inDaysAt = (days, hour) => {
  const date = new Date(Date.now() + days * 24 * 3600 * 1000);
  date.setUTCHours(hour - 1, 0, 0, 0);
  return date.toISOString();
};

// What the demo volunteers "said" on their first calls: [volunteer email, call body without companyId].
const DEMO_CALLS = [
  ['paul.lefebvre@club-emploi-dunkerque.fr', { outcome: 'offer', notes: 'Le gérant cherche un apprenti coiffeur pour la rentrée ; rappeler Mme Caron pour le contrat.', durationSeconds: 240,
    offers: [{ title: 'Apprenti coiffeur (CAP)', contractType: 'apprenticeship', positions: 1, romeCode: 'D1202' }] }],
  ['paul.lefebvre@club-emploi-dunkerque.fr', { outcome: 'no_answer', durationSeconds: 30 }],
  ['nadia.benali@club-emploi-dunkerque.fr', { outcome: 'callback', notes: 'La responsable est en rendez-vous, rappeler demain matin.', durationSeconds: 60, callbackAt: inDaysAt(1, 10) }],
  ['nadia.benali@club-emploi-dunkerque.fr', { outcome: 'interested', notes: 'Intéressé par une présentation de profils en mécanique au printemps.', durationSeconds: 300 }],
  ['paul.lefebvre@club-emploi-dunkerque.fr', { outcome: 'not_interested', notes: 'Équipe complète pour l’année.', durationSeconds: 90 }],
];

/** The club's active campaign over its companies, and a few calls; kept as it is when it exists. */
async function seedDemoCampaign(base, organizations) {
  const organizationId = organizations[DEMO_CAMPAIGN.org];
  const manager = USERS.find((u) => u.org === DEMO_CAMPAIGN.org && u.role === 'manager');
  const token = await login(base, manager.email, DEMO_PASSWORD, organizationId);
  const campaigns = await call(base, 'GET', '/campaigns?limit=200', token);
  if (campaigns.status !== 200) throw new Error(`listing the campaigns answered ${campaigns.status}`);
  if (campaigns.body.items.some((campaign) => campaign.name === DEMO_CAMPAIGN.name)) return 0;

  const { org: _org, ...body } = DEMO_CAMPAIGN;
  const created = await call(base, 'POST', '/campaigns', token, body);
  if (created.status !== 201) throw new Error(`creating the demo campaign answered ${created.status}: ${created.body?.detail ?? ''}`);
  const campaign = created.body;
  const companies = await call(base, 'GET', '/companies?limit=200', token);
  const targets = await call(base, 'POST', `/campaigns/${campaign.id}/targets`, token, { companyIds: companies.body.items.map((company) => company.id) });
  if (targets.status !== 200) throw new Error(`adding the demo targets answered ${targets.status}: ${targets.body?.detail ?? ''}`);
  const activated = await call(base, 'PATCH', `/campaigns/${campaign.id}`, token, { status: 'active' }, { 'if-match': `"${campaign.version}"` });
  if (activated.status !== 200) throw new Error(`activating the demo campaign answered ${activated.status}: ${activated.body?.detail ?? ''}`);

  return logDemoCalls(base, organizations, campaign.id, DEMO_CALLS);
}

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * What a volunteer does on the phone: the demo member `email` logs in to their own organisation (a
 * partner's volunteer works in a shared campaign from theirs), claims the next company of the
 * campaign's queue and logs `callBody` on it. Returns false when the queue handed out nothing.
 * `tokens` keeps each member's access token across calls (a login costs a password hash).
 */
async function logDemoCall(base, organizations, campaignId, email, callBody, tokens = new Map()) {
  const member = USERS.find((u) => u.email === email);
  if (!tokens.has(email)) tokens.set(email, await login(base, email, DEMO_PASSWORD, organizations[member.org]));
  const volunteer = tokens.get(email);
  // The call queue hands out a company once the campaigns service has its summary (an event away).
  let claim;
  for (let attempt = 0; attempt < 50 && !claim; attempt++) {
    const answer = await call(base, 'POST', `/campaigns/${campaignId}/claims`, volunteer);
    if (answer.status === 201) claim = answer.body;
    else if (answer.status === 204) await pause(100);
    else throw new Error(`claiming in a demo campaign answered ${answer.status}: ${answer.body?.detail ?? ''}`);
  }
  if (!claim) return false;
  const result = await call(base, 'POST', `/campaigns/${campaignId}/calls`, volunteer, { companyId: claim.target.company.id, ...callBody });
  if (result.status !== 201) throw new Error(`logging a demo call answered ${result.status}: ${result.body?.detail ?? ''}`);
  return true;
}

/** Logs `calls` ([demo member's email, call body]) one after the other; returns how many were logged. */
async function logDemoCalls(base, organizations, campaignId, calls) {
  let logged = 0;
  const tokens = new Map();
  for (const [email, callBody] of calls) {
    if (!(await logDemoCall(base, organizations, campaignId, email, callBody, tokens))) break;
    logged++;
  }
  return logged;
}

/** The day `days` from today in Europe/Paris, as YYYY-MM-DD: the actions' due days stay around today whenever the seed runs. */
const parisDayFromToday = (days) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date(Date.now() + days * 24 * 3600 * 1000));

// The issue's example: the chamber of trades and the employment agency sign, the club joins as a partner.
const DEMO_CONVENTION = {
  title: 'Convention apprentissage Dunkerque 2026–2027',
  reference: 'CONV-DK-APP-2026',
  signedOn: '2026-09-15',
  startsOn: '2026-09-01',
  endsOn: '2027-08-31',
  signatories: ['chamber', 'agency'],
  partners: ['club'],
  axes: [
    { code: 'APP', title: "Promouvoir l'apprentissage auprès des boulangeries et commerces de bouche", description: 'La CMA appelle les boulangeries et pâtisseries du Dunkerquois et repère leurs besoins en apprentis.' },
    { code: 'EMP', title: 'Mettre en relation candidats et employeurs', description: "L'agence et le club présentent des candidats préparés aux employeurs qui recrutent." },
  ],
};

// [axis, title, responsible organisation, due in days from today (negative: past), status]; one overdue.
const DEMO_ACTIONS = [
  ['APP', 'Recenser les boulangeries et commerces de bouche du territoire', 'chamber', -30, 'done'],
  ['APP', 'Appeler les boulangeries du littoral (campagne partagée)', 'chamber', 45, 'in_progress'],
  ['APP', "Organiser une réunion d'information apprentissage à la CMA", 'chamber', -7, 'planned'],
  ['EMP', 'Présenter des candidats aux employeurs intéressés', 'agency', 60, 'planned'],
  ['EMP', 'Préparer les candidats aux entretiens (ateliers du club)', 'club', 30, 'in_progress'],
];

// The shared campaign: the chamber's, over its bakeries (NAF 10.71), in the convention.
const BAKERY_NAF = /^10\.71/;
const CONVENTION_CAMPAIGN = {
  org: 'chamber',
  name: 'Apprentissage dans les boulangeries – convention 2026–2027',
  description: "Les boulangeries et pâtisseries du Dunkerquois : qui prendrait un apprenti à la rentrée ? Campagne de la convention apprentissage, ouverte à ses partenaires.",
  script:
    "Bonjour, je vous appelle de la Chambre de Métiers et de l'Artisanat de Dunkerque. Avec France Travail et le Club Emploi, nous aidons les artisans à recruter des apprentis. " +
    'Envisagez-vous de former un apprenti cette année (CAP boulanger, pâtissier, vendeuse) ? Puis-je vous proposer un rendez-vous ?',
  cooldownDays: 7,
};

// [axis, label, metric, target] of the indicators, which follow the shared campaign (the manual one is the agency's figure).
const DEMO_INDICATORS = [
  ['APP', 'Boulangeries contactées', 'companies_contacted', 12],
  ['APP', 'Rendez-vous avec des artisans', 'meetings', 6],
  ['EMP', "Offres d'apprentissage repérées", 'apprenticeship_offers', 8],
  ['EMP', "Contrats d'apprentissage signés", 'manual', 5],
];
const SIGNED_CONTRACTS = 1;

// The first calls in the shared campaign, by the chamber's volunteer; a partner's volunteer's call is one more line.
const CHAMBER_VOLUNTEER = 'kevin.deswarte@cma-dunkerque.fr';
const CONVENTION_CALLS = [
  [CHAMBER_VOLUNTEER, { outcome: 'offer', notes: "Cherche un apprenti boulanger en CAP pour septembre ; envoyer la fiche de l'agence.", durationSeconds: 280,
    offers: [{ title: 'Apprenti boulanger (CAP)', contractType: 'apprenticeship', positions: 1, romeCode: 'D1102' }] }],
  [CHAMBER_VOLUNTEER, { outcome: 'meeting', notes: 'Rendez-vous pris à la boutique avec le maître artisan.', durationSeconds: 200, meetingAt: inDaysAt(3, 15) }],
  [CHAMBER_VOLUNTEER, { outcome: 'no_answer', durationSeconds: 25 }],
  [CHAMBER_VOLUNTEER, { outcome: 'interested', notes: 'Intéressée pour une vendeuse en apprentissage au printemps ; rappeler en février.', durationSeconds: 150 }],
  // The club is a partner: its volunteers call in the chamber's shared campaign from their own organisation.
  ['nadia.benali@club-emploi-dunkerque.fr', { outcome: 'interested', notes: "Prête à recevoir un candidat du club pour une journée découverte au fournil.", durationSeconds: 170 }],
];

/** `request()` until it answers something else than a 422 `not-a-party`: a new convention reaches the campaigns service an event later. */
async function retryWhileNotAParty(request) {
  for (let attempt = 0; ; attempt++) {
    const answer = await request();
    if (answer.status !== 422 || !String(answer.body?.type).endsWith('/not-a-party') || attempt >= 100) return answer;
    await pause(100);
  }
}

const expectStatus = (answer, status, what) => {
  if (answer.status !== status) throw new Error(`${what} answered ${answer.status}: ${answer.body?.detail ?? ''}`);
  return answer.body;
};

/**
 * The apprenticeship convention, its actions and indicators, and the chamber's campaign it shares,
 * with the chamber volunteer's first calls. Each part is found by its title, label or name and kept;
 * only what is missing is created. Returns how many calls were logged (only when the campaign is new).
 */
async function seedDemoConvention(base, organizations) {
  const managerOf = (org) => USERS.find((u) => u.org === org && u.role === 'manager');
  const chamber = await login(base, managerOf('chamber').email, DEMO_PASSWORD, organizations.chamber);
  const conventions = expectStatus(await call(base, 'GET', '/conventions?limit=200', chamber), 200, 'listing the conventions');
  let convention = conventions.items.find((item) => item.title === DEMO_CONVENTION.title);
  if (!convention) {
    const { signatories, partners, ...fields } = DEMO_CONVENTION;
    const parties = [...signatories.map((key) => ({ organizationId: organizations[key], role: 'signatory' })), ...partners.map((key) => ({ organizationId: organizations[key], role: 'partner' }))];
    convention = expectStatus(await call(base, 'POST', '/conventions', chamber, { ...fields, parties }), 201, 'creating the demo convention');
  }

  // The campaign first: the indicators name it, and count the calls logged after them.
  const campaigns = expectStatus(await call(base, 'GET', '/campaigns?limit=200', chamber), 200, 'listing the campaigns');
  let campaign = campaigns.items.find((item) => item.name === CONVENTION_CAMPAIGN.name);
  const campaignIsNew = !campaign;
  if (!campaign) {
    const { org: _org, ...body } = CONVENTION_CAMPAIGN;
    const companies = expectStatus(await call(base, 'GET', '/companies?limit=200', chamber), 200, 'listing the companies');
    const bakeries = companies.items.filter((company) => BAKERY_NAF.test(company.nafCode ?? ''));
    const created = await retryWhileNotAParty(() => call(base, 'POST', '/campaigns', chamber, { ...body, conventionId: convention.id, goal: { companiesToContact: bakeries.length } }));
    campaign = expectStatus(created, 201, 'creating the shared campaign');
    expectStatus(await call(base, 'POST', `/campaigns/${campaign.id}/targets`, chamber, { companyIds: bakeries.map((company) => company.id) }), 200, 'adding the bakeries');
  }

  const report = expectStatus(await call(base, 'GET', `/conventions/${convention.id}/report`, chamber), 200, 'reading the convention');
  const actionTitles = new Set(report.axes.flatMap((axis) => axis.actions.map((action) => action.title)));
  for (const [axisCode, title, org, dueInDays, status] of DEMO_ACTIONS) {
    if (actionTitles.has(title)) continue;
    const body = { axisCode, title, responsibleOrganizationId: organizations[org], dueOn: parisDayFromToday(dueInDays), status };
    expectStatus(await call(base, 'POST', `/conventions/${convention.id}/actions`, chamber, body), 201, `adding the action "${title}"`);
  }
  const progress = expectStatus(await call(base, 'GET', `/conventions/${convention.id}/progress`, chamber), 200, 'reading the progress');
  for (const [axisCode, label, metric, target] of DEMO_INDICATORS) {
    if (progress.indicators.some((indicator) => indicator.label === label)) continue;
    const campaignIds = metric === 'manual' ? [] : [campaign.id];
    const indicator = expectStatus(await call(base, 'POST', `/conventions/${convention.id}/indicators`, chamber, { axisCode, label, metric, target, campaignIds }), 201, `adding the indicator "${label}"`);
    if (metric === 'manual') {
      // The agency reports the contracts signed: a party's manager sets a manual indicator.
      const agency = await login(base, managerOf('agency').email, DEMO_PASSWORD, organizations.agency);
      const headers = { 'if-match': `"${indicator.version}"` };
      expectStatus(await call(base, 'PATCH', `/conventions/${convention.id}/indicators/${indicator.id}`, agency, { value: SIGNED_CONTRACTS }, headers), 200, 'setting the signed contracts');
    }
  }

  if (campaign.status !== 'active') {
    expectStatus(await call(base, 'PATCH', `/campaigns/${campaign.id}`, chamber, { status: 'active' }, { 'if-match': `"${campaign.version}"` }), 200, 'activating the shared campaign');
  }
  return campaignIsNew ? logDemoCalls(base, organizations, campaign.id, CONVENTION_CALLS) : 0;
}

/** Seeds (or finds) the demo data through the API at `base` (…/api/v1); returns a one-line summary. */
export async function seedDemoData(base, admin) {
  const adminToken = await login(base, admin.email, admin.password);
  const existing = [];
  for (let cursor = null, first = true; first || cursor; first = false) {
    const page = await call(base, 'GET', `/organizations?limit=200${cursor ? `&cursor=${cursor}` : ''}`, adminToken);
    existing.push(...page.body.items);
    cursor = page.body.nextCursor;
  }
  const organizations = {};
  for (const org of ORGANIZATIONS) {
    const found = existing.find((o) => o.name === org.name);
    organizations[org.key] = found?.id ?? (await call(base, 'POST', '/organizations', adminToken, { name: org.name, kind: org.kind })).body.id;
  }
  for (const user of USERS) {
    const result = await call(base, 'POST', `/organizations/${organizations[user.org]}/members`, adminToken, {
      email: user.email,
      name: user.name,
      role: user.role,
      password: INITIAL_PASSWORD,
    });
    if (result.status !== 201 && result.status !== 409) throw new Error(`adding ${user.email} answered ${result.status}`);
    const person = { email: user.email, password: DEMO_PASSWORD, initialPassword: INITIAL_PASSWORD };
    await joinOrganization(base, person, organizations[user.org], { justInvited: result.status === 201 });
  }
  let created = 0;
  let companies = 0;
  for (const [group, key] of Object.keys(COMPANIES).entries()) {
    const manager = USERS.find((u) => u.org === key && u.role === 'manager');
    const token = await login(base, manager.email, DEMO_PASSWORD, organizations[key]);
    for (const [index, [name, nafCode, sizeBand, line, postalCode, city, tags]] of COMPANIES[key].entries()) {
      const result = await call(base, 'POST', '/companies', token, {
        name,
        siret: demoSiret(group + 1, index + 1),
        nafCode,
        sizeBand,
        address: { line, postalCode, city },
        phone: demoPhone(group + 1, index + 1),
        tags,
      });
      if (result.status === 201) created++;
      else if (result.status !== 409) throw new Error(`creating ${name} answered ${result.status}: ${result.body?.detail ?? ''}`);
      companies++;
    }
  }
  const demoCalls = await seedDemoCampaign(base, organizations);
  const conventionCalls = await seedDemoConvention(base, organizations);
  return (
    `${ORGANIZATIONS.length} organisations, ${USERS.length} members, ${companies} companies, ${created} new, an active campaign${demoCalls ? ` with ${demoCalls} calls` : ''}, ` +
    `the apprenticeship convention and its shared campaign${conventionCalls ? ` with ${conventionCalls} calls` : ''}`
  );
}
