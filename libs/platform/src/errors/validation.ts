import type { FieldError, FieldErrorCode, FieldErrorParams } from '@app/contracts';
import { getMetadataStorage, type ValidationError } from 'class-validator';

interface PublicRule {
  code: FieldErrorCode;
  /** The params of the code, from the constraint's arguments (`MaxLength(200)` → `{ max: 200 }`). */
  params?: (args: unknown[]) => FieldErrorParams;
}

const texts = (values: unknown): string[] => (Array.isArray(values) ? values.map(String) : []);

/**
 * The public code of each class-validator constraint the contracts use (its `ValidationError`
 * key). A decorator may name another code in its `context` (`fieldRule('siretFormat')`); a constraint
 * missing here answers `format`, and the unit test of this file fails.
 */
export const CONSTRAINT_CODES: Readonly<Record<string, PublicRule>> = {
  isDefined: { code: 'required' },
  whitelistValidation: { code: 'unknownField' },
  unknownValue: { code: 'notObject' },
  nestedValidation: { code: 'notObject' },
  isString: { code: 'notText' },
  isInt: { code: 'notInteger' },
  isBoolean: { code: 'notBoolean' },
  isArray: { code: 'notList' },
  isUuid: { code: 'invalidUuid' },
  isEmail: { code: 'invalidEmail' },
  isUrl: { code: 'invalidUrl' },
  isPhone: { code: 'invalidPhone' },
  isIso8601: { code: 'invalidDate' },
  isDateTimeWithOffset: { code: 'invalidDateTime' },
  matches: { code: 'format' },
  minLength: { code: 'tooShort', params: ([min]) => ({ min: Number(min) }) },
  maxLength: { code: 'tooLong', params: ([max]) => ({ max: Number(max) }) },
  isLength: { code: 'lengthBetween', params: ([min, max]) => ({ min: Number(min), max: Number(max) }) },
  min: { code: 'tooSmall', params: ([min]) => ({ min: Number(min) }) },
  max: { code: 'tooLarge', params: ([max]) => ({ max: Number(max) }) },
  arrayMinSize: { code: 'tooFewItems', params: ([min]) => ({ min: Number(min) }) },
  arrayMaxSize: { code: 'tooManyItems', params: ([max]) => ({ max: Number(max) }) },
  isIn: { code: 'notOneOf', params: ([allowed]) => ({ allowed: texts(allowed) }) },
  isEnum: { code: 'notOneOf', params: ([, allowed]) => ({ allowed: texts(allowed) }) },
};

/**
 * Flattens class-validator errors into field errors with dotted paths (`address.postalCode`): each
 * constraint broken gives its public `code`, the `params` its arguments imply, and the English message.
 */
export function toFieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]): FieldError => {
      const { code, params } = publicRule(error, constraint);
      return { field, code, message: humanise(message, error.property, field), ...(params && Object.keys(params).length > 0 ? { params } : {}) };
    });
    return [...own, ...toFieldErrors(error.children ?? [], field)];
  });
}

function publicRule(error: ValidationError, constraint: string): { code: FieldErrorCode; params?: FieldErrorParams } {
  const context = error.contexts?.[constraint] as { code?: FieldErrorCode; params?: FieldErrorParams } | undefined;
  const rule = CONSTRAINT_CODES[constraint];
  const args = rule?.params ? constraintArguments(error, constraint) : undefined;
  const derived = rule?.params && args ? rule.params(args) : undefined;
  const params = derived || context?.params ? { ...derived, ...context?.params } : undefined;
  return { code: context?.code ?? rule?.code ?? 'format', ...(params ? { params } : {}) };
}

/**
 * The arguments the contract gave the constraint (`[200]` for `MaxLength(200)`), from class-validator's
 * metadata storage: the ValidationError carries the object validated, not the decorator's arguments.
 */
function constraintArguments(error: ValidationError, constraint: string): unknown[] | undefined {
  const target = error.target;
  if (typeof target !== 'object' || target === null) return undefined;
  const storage = getMetadataStorage();
  const metadata = storage
    .getTargetValidationMetadatas(target.constructor, '', true, false)
    .find((candidate) => candidate.propertyName === error.property && constraintName(candidate) === constraint);
  return metadata?.constraints;

  function constraintName(candidate: { name?: string; type: string; constraintCls: unknown }): string {
    return candidate.name ?? storage.getTargetValidatorConstraints(candidate.constraintCls as never)[0]?.name ?? candidate.type;
  }
}

// class-validator writes "property x should not exist" for unknown fields; say it plainly.
function humanise(message: string, property: string, field: string): string {
  if (message === `property ${property} should not exist`) return `${field} is not a known field`;
  return message.startsWith(`${property} `) && field !== property ? `${field}${message.slice(property.length)}` : message;
}
