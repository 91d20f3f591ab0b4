import { CheckCompany, type FieldError } from '@app/contracts';
import { compiledValidator, type NatsRpcClient, slowValidation, ValidationFailedError } from '@app/platform';
import type { Caller } from '../rpc/caller.decorator.js';

/**
 * Checks a company body (POST, PATCH) so that ONE 400 lists every invalid field. The DTO's format
 * checks run here, as for every body; but some checks need the nomenclatures only the companies
 * service holds (NAF codes, postal codes and their communes, SIRET keys). When the DTO already failed,
 * the service is asked (CheckCompany) about the fields that passed it, and both lists go out together;
 * when it passed, the create or update itself runs the same normaliser and answers its own 400.
 * The fields that failed here (an unknown 10 MB field included) never travel to the service.
 */
export async function checkedCompanyBody<T extends object>(
  Body: new () => T,
  body: unknown,
  services: NatsRpcClient,
  caller: Caller,
  check: Pick<CheckCompany.Request, 'mode' | 'id'>,
): Promise<T> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid([{ field: '', code: 'notObject', message: 'the body must be a JSON object' }]);
  const checked = compiledValidator(Body)(body) ?? (await slowValidation(Body, body));
  if (checked.valid) return checked.payload;
  const { errors, instance: value } = checked;
  const failed = new Set(errors.map((error) => error.field));
  // A city is checked against its postal code: with a malformed new code, a stored one would judge it.
  if (failed.has('address.postalCode')) failed.add('address');
  const fields = withoutInvalid(value as Record<string, unknown>, failed);
  const more = await services
    .request(CheckCompany, { ...check, fields }, { actor: caller.actor, requestId: caller.requestId })
    .then((answer) => answer.errors)
    // The body is invalid whatever the service says: without its answer, ours alone.
    .catch((): FieldError[] => []);
  throw invalid([...errors, ...more]);
}

/** `value` without the fields (dotted paths) that failed, nested objects kept for their valid parts. */
export function withoutInvalid(value: Record<string, unknown>, failed: Set<string>, parent = ''): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    const path = parent ? `${parent}.${key}` : key;
    if (failed.has(path)) continue;
    const nested = field !== null && typeof field === 'object' && !Array.isArray(field);
    kept[key] = nested ? withoutInvalid(field as Record<string, unknown>, failed, path) : field;
  }
  return kept;
}

const invalid = (errors: FieldError[]): ValidationFailedError => new ValidationFailedError(errors);
