// Demo data, created through the public API (so every rule and event applies) and idempotent:
// what exists is found and kept. A Dunkerque job-seekers' club, a chamber of trades and an
// employment agency, their members, and a few dozen bakeries, food shops and local businesses.
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

/** Tomorrow at `hour`:00 Paris time, roughly (UTC+1 in winter): a callback that is in the future whenever the seed runs. */
const tomorrowAt = (hour) => {
  const date = new Date(Date.now() + 24 * 3600 * 1000);
  date.setUTCHours(hour - 1, 0, 0, 0);
  return date.toISOString();
};

// What the demo volunteers "said" on their first calls: [volunteer email, call body without companyId].
const DEMO_CALLS = [
  ['paul.lefebvre@club-emploi-dunkerque.fr', { outcome: 'offer', notes: 'Le gérant cherche un apprenti coiffeur pour la rentrée ; rappeler Mme Caron pour le contrat.', durationSeconds: 240,
    offers: [{ title: 'Apprenti coiffeur (CAP)', contractType: 'apprenticeship', positions: 1, romeCode: 'D1202' }] }],
  ['paul.lefebvre@club-emploi-dunkerque.fr', { outcome: 'no_answer', durationSeconds: 30 }],
  ['nadia.benali@club-emploi-dunkerque.fr', { outcome: 'callback', notes: 'La responsable est en rendez-vous, rappeler demain matin.', durationSeconds: 60, callbackAt: tomorrowAt(10) }],
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

  let logged = 0;
  for (const [email, callBody] of DEMO_CALLS) {
    const volunteer = await login(base, email, DEMO_PASSWORD, organizationId);
    // The call queue hands out a company once the campaigns service has its summary (an event away).
    let claim;
    for (let attempt = 0; attempt < 50 && !claim; attempt++) {
      const answer = await call(base, 'POST', `/campaigns/${campaign.id}/claims`, volunteer);
      if (answer.status === 201) claim = answer.body;
      else if (answer.status === 204) await new Promise((resolve) => setTimeout(resolve, 100));
      else throw new Error(`claiming in the demo campaign answered ${answer.status}: ${answer.body?.detail ?? ''}`);
    }
    if (!claim) break;
    const result = await call(base, 'POST', `/campaigns/${campaign.id}/calls`, volunteer, { companyId: claim.target.company.id, ...callBody });
    if (result.status !== 201) throw new Error(`logging a demo call answered ${result.status}: ${result.body?.detail ?? ''}`);
    logged++;
  }
  return logged;
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
  return `${ORGANIZATIONS.length} organisations, ${USERS.length} members, ${companies} companies, ${created} new, an active campaign${demoCalls ? ` with ${demoCalls} calls` : ''}`;
}
