import { passesLuhn } from '@app/contracts';
import { randomInt } from 'node:crypto';

/** A random Luhn-valid SIRET (SIREN and the whole SIRET both pass, as INSEE's do). */
export function newSiret(): string {
  const siren = completeLuhn(randomDigits(8));
  return completeLuhn(siren + randomDigits(4));
}

/** Appends the digit that makes `digits` pass Luhn. */
export function completeLuhn(digits: string): string {
  for (let check = 0; check <= 9; check++) if (passesLuhn(`${digits}${check}`)) return `${digits}${check}`;
  throw new Error('unreachable');
}

const randomDigits = (count: number): string => Array.from({ length: count }, () => randomInt(10)).join('');

/** A unique, readable suffix for names and emails in one test run. */
export const uniqueSuffix = (): string => `${Date.now().toString(36)}${randomInt(1e6).toString(36)}`;
