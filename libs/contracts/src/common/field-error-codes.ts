/**
 * Every rule a field can break, as the `code` of a field error (`errors[].code` of a 400 or a 422),
 * with the names of the `params` that come with it. Codes are a contract, like enum values: new ones
 * are added, none is renamed; a client that meets a code it does not know shows `message`.
 * No imports: the web app reads this file as it is.
 */
export const FIELD_ERROR_CODES = {
  // Shape of the request
  required: [],
  unknownField: [],
  notObject: [],
  notText: [],
  notInteger: [],
  notBoolean: [],
  notList: [],
  tooDeep: ['max'],
  forbiddenCharacter: [],
  invalidUnicode: [],
  invalidUtf8: [],
  // Limits
  tooShort: ['min'],
  tooLong: ['max'],
  lengthBetween: ['min', 'max'],
  tooSmall: ['min'],
  tooLarge: ['max'],
  integerBetween: ['min', 'max'],
  tooFewItems: ['min'],
  tooManyItems: ['max'],
  notOneOf: ['allowed'],
  invalidTags: ['maxItems', 'maxLength'],
  // Formats
  format: [],
  invalidUuid: [],
  invalidEmail: [],
  invalidUrl: [],
  invalidPhone: [],
  invalidDate: [],
  dayFormat: [],
  invalidDateTime: [],
  notInFuture: [],
  notBefore: ['other'],
  invalidCursor: [],
  invalidVersion: [],
  emptyFile: [],
  // French nomenclatures
  siretFormat: [],
  invalidSiret: [],
  nafCodeFormat: [],
  unknownNafCode: ['code'],
  nafFilterFormat: [],
  postalCodeFormat: [],
  unknownPostalCode: ['postalCode'],
  postalCodeFilterFormat: [],
  cityNotServed: ['postalCode', 'communes'],
  cityRequired: ['postalCode', 'communes'],
  romeCodeFormat: [],
  axisCodeFormat: [],
  // Rules between fields
  exactlyOneOf: ['fields'],
  atLeastOneOf: ['fields'],
  duplicate: [],
  requiredWithOutcome: ['outcome'],
  onlyWithOutcome: ['outcomes'],
  // Accounts
  wrongPassword: [],
  samePassword: [],
  weakPassword: [],
  passwordContainsEmail: [],
  notYourOrganization: [],
  unknownOrganization: [],
  // Business rules (422)
  notYourConvention: [],
  signatoryRequired: [],
  notAParty: [],
  unknownAxis: [],
  stillReferenced: ['names'],
  notInConvention: [],
  notManual: [],
} as const satisfies Record<string, readonly string[]>;

export type FieldErrorCode = keyof typeof FIELD_ERROR_CODES;

/** What a code's text needs to say the rule: limits, allowed values, the other field… */
export type FieldErrorParams = Record<string, string | number | string[]>;

/**
 * `context` of a class-validator decorator whose public code is not the constraint's own (a
 * `Matches` that checks a SIRET), read by the validation layer: `Matches(…, { context: fieldRule('siretFormat') })`.
 */
export const fieldRule = (code: FieldErrorCode, params?: FieldErrorParams): { code: FieldErrorCode; params?: FieldErrorParams } =>
  params ? { code, params } : { code };
