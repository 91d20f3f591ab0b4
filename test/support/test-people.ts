import { uniqueSuffix } from '@app/testing';
import { randomInt } from 'node:crypto';

/** Test people's emails are at this domain: the check after the suite looks for them in every log line. */
export const TEST_PERSON_EMAIL = /@personne\.example\b/i;
/** Test people's phones are +33 6 1 and 7 digits (a French mobile range), however they are spaced. */
export const TEST_PERSON_PHONE = /\+33\s?6\s?1(\s?\d){7}/;

/** A person no other test shares: every value can be searched for across the whole database and the logs. */
export function testPerson() {
  const tag = `Zq${uniqueSuffix()}`;
  return {
    firstName: `Prénom${tag}`,
    lastName: `Nom${tag}`,
    email: `${tag.toLowerCase()}@personne.example`,
    phone: `+3361${String(randomInt(1e7)).padStart(7, '0')}`,
    jobTitle: 'Gérante',
    notes: `Notes ${tag}`,
  };
}
