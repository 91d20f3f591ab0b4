/** La Poste's SIREN: its establishments' SIRETs follow a different rule (digits sum to a multiple of 5). */
export const LA_POSTE_SIREN = '356000000';
/** La Poste's head office keeps the Luhn key (INSEE); only its other establishments use the sum rule. */
export const LA_POSTE_HEAD_OFFICE_SIRET = '35600000000048';

/** Luhn (mod 10) check over a string of digits. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index++) {
    let digit = digits.charCodeAt(digits.length - 1 - index) - 48;
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** A SIRET is 14 digits passing Luhn, except La Poste's establishments, whose digits sum to a multiple of 5. */
export function isValidSiret(siret: string): boolean {
  if (!/^\d{14}$/.test(siret)) return false;
  if (siret.startsWith(LA_POSTE_SIREN) && siret !== LA_POSTE_HEAD_OFFICE_SIRET) return [...siret].reduce((sum, digit) => sum + Number(digit), 0) % 5 === 0;
  return passesLuhn(siret);
}
