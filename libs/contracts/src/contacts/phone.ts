import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { ValidateBy, type ValidationOptions } from 'class-validator';

/** French numbers are typed without their country code (`03 28 12 34 56`). */
export const DEFAULT_PHONE_REGION = 'FR';

/**
 * The E.164 form of a valid phone number (`03 28 12 34 56`, `+33 3 28 12 34 56` and `0033328123456`
 * all give `+33328123456`), or undefined when it is not a valid number. The `max` metadata checks
 * the number ranges, not just the length.
 */
export function toE164(text: string): string | undefined {
  const parsed = parsePhoneNumberFromString(text, DEFAULT_PHONE_REGION);
  return parsed?.isValid() ? parsed.number : undefined;
}

/** class-transformer: a valid number becomes E.164; anything else stays as typed, for IsPhone to refuse. */
export const phoneToE164 = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? (toE164(value.trim()) ?? value.trim()) : value);

/** A phone number already in E.164 form (what `phoneToE164` makes of a valid one). */
export const IsPhone = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isPhone',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && value.startsWith('+') && toE164(value) === value,
        defaultMessage: () => '$property must be a valid phone number, such as 03 28 12 34 56 or +33 3 28 12 34 56',
      },
    },
    options,
  );
