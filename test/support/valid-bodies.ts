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

/** A campaign body with every writable field set and valid. */
export const fullCampaignBody = () => ({
  name: 'Apprentissage Dunkerque',
  description: 'Les boulangeries du littoral',
  script: 'Bonjour, je vous appelle de la part du club…',
  startsOn: '2027-01-04',
  endsOn: '2027-03-31',
  goal: { companiesToContact: 120 },
  conventionId: '6f1c2a4e-8b7d-4c3e-9a5f-2d1e0b9c8a7f',
  cooldownDays: 7,
});
