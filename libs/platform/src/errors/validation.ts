import type { FieldError } from '@app/contracts';
import type { ValidationError } from 'class-validator';

/** Flattens class-validator errors into `{field, message}` pairs with dotted paths (`address.postalCode`). */
export function toFieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message: humanise(message, error.property, field) }));
    return [...own, ...toFieldErrors(error.children ?? [], field)];
  });
}

// class-validator writes "property x should not exist" for unknown fields; say it plainly.
function humanise(message: string, property: string, field: string): string {
  if (message === `property ${property} should not exist`) return `${field} is not a known field`;
  return message.startsWith(`${property} `) && field !== property ? `${field}${message.slice(property.length)}` : message;
}
