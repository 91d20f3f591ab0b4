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
