import { IsISO8601, Matches } from 'class-validator';
import { fieldRule } from './field-error-codes.js';

/** A calendar day as the API writes it, `2026-12-01`. */
export const DAY_PROPERTY = { type: String, format: 'date', maxLength: 10, example: '2026-12-01' } as const;

/** A real calendar day (strict ISO 8601 refuses 2026-02-30), written YYYY-MM-DD. */
export const Day = (): PropertyDecorator => (target, key) => {
  Matches(/^\d{4}-\d{2}-\d{2}$/, { message: `${String(key)} must be a day written YYYY-MM-DD`, context: fieldRule('dayFormat') })(target, key);
  IsISO8601({ strict: true }, { message: `${String(key)} must be a real calendar day` })(target, key);
};

/** Today in Europe/Paris, `YYYY-MM-DD`: the day the people using filon live in. */
export const parisToday = (): string => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
