import { newSiret } from '@app/testing';

/** A company body with every writable field set and valid (a new SIRET each time). */
export const fullCompanyBody = () => ({
  name: 'Boulangerie Dupont',
  tradeName: 'Au Bon Pain',
  siret: newSiret(),
  nafCode: '10.71C',
  sizeBand: '02',
  address: { line: '12 rue Poincaré', postalCode: '59140', city: 'Dunkerque' },
  phone: '03 28 12 34 56',
  email: 'contact@dupont.fr',
  website: 'dupont.fr',
  tags: ['boulangerie'],
  hiringPotential: 40,
  doNotCall: false,
});

/** A contact body with every writable field set and valid. */
export const fullContactBody = () => ({
  firstName: 'Sophie',
  lastName: 'Vandamme',
  jobTitle: 'Gérante',
  phone: '03 28 12 34 56',
  email: 'sophie@dupont.fr',
  notes: 'Rappeler lundi',
  lawfulBasis: 'consent',
  optedOut: false,
});

/** A campaign body with every writable field set and valid; `conventionId` must be one its organisation is a party of (422 otherwise). */
export const fullCampaignBody = (conventionId: string | null) => ({
  name: 'Apprentissage Dunkerque',
  description: 'Les boulangeries du littoral',
  script: 'Bonjour, je vous appelle de la part du club…',
  startsOn: '2027-01-04',
  endsOn: '2027-03-31',
  goal: { companiesToContact: 120 },
  conventionId,
  cooldownDays: 7,
});

/** A convention body with every writable field set: `signatories` sign it (the first creates it), `partners` join it. */
export const fullConventionBody = (signatories: string[], partners: string[] = []) => ({
  title: 'Apprentissage dans les métiers de bouche, Dunkerque 2027',
  reference: 'CONV-2027-014',
  signedOn: '2026-11-15',
  startsOn: '2027-01-01',
  endsOn: '2027-12-31',
  parties: [...signatories.map((organizationId) => ({ organizationId, role: 'signatory' })), ...partners.map((organizationId) => ({ organizationId, role: 'partner' }))],
  axes: [
    { code: 'A1', title: "Promouvoir l'apprentissage", description: 'Appeler les boulangeries et les commerces de bouche' },
    { code: 'A2', title: 'Accompagner les employeurs', description: null },
  ],
});

/** An action body with every field set, carried by `responsibleOrganizationId`. */
export const fullActionBody = (responsibleOrganizationId: string) => ({
  axisCode: 'A1',
  title: 'Appeler les boulangeries du littoral',
  responsibleOrganizationId,
  dueOn: '2027-03-31',
  status: 'planned',
});

/** An indicator body with every field set. */
export const fullIndicatorBody = (campaignIds: string[] = []) => ({
  axisCode: 'A1',
  label: "Contrats d'apprentissage repérés",
  metric: 'apprenticeship_offers',
  target: 40,
  campaignIds,
});
