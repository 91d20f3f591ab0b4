import { type AddressFields, type CompanyFields, type FieldError, type FieldErrorCode, type FieldErrorParams, isValidSiret, SIZE_BANDS } from '@app/contracts';
import { isEmail, isURL } from 'class-validator';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { ReferenceData } from './reference-data.js';
import { NAF_REV2 } from './reference-tables.js';

/** A normalised address also carries its département, derived from the postal code. */
export interface NormalisedAddress extends AddressFields {
  department?: string | null;
}

/** The normalised fields, plus what they imply (NAF label and nomenclature, département, estimate flag). */
export interface NormalisedCompany extends Partial<CompanyFields> {
  address?: NormalisedAddress | null;
  nafLabel?: string | null;
  nafNomenclature?: string | null;
  /** True when `hiringPotential` is filon's estimate rather than a given value. */
  hiringPotentialEstimated?: boolean;
}

export interface NormaliseOptions {
  /**
   * A change (PATCH): only the fields given are checked, and the hiring potential is not estimated
   * (the caller knows the stored NAF code and size band). Otherwise a whole company (create, import
   * row): `name` is required and a missing hiring potential is estimated.
   */
  partial?: boolean;
}

const MAX_TAGS = 50;
const TAG_MAX_LENGTH = 50;

/** Records one invalid field: its path, the public code of the rule, the English message and the rule's params. */
type Fail = (field: string, code: FieldErrorCode, message: string, params?: FieldErrorParams) => void;

/**
 * Checks and normalises a company's fields against the shipped nomenclatures, listing EVERY invalid
 * field (`address.postalCode`-style paths). Pure and synchronous: it runs per row in imports. Input may
 * be raw (CSV cells: untrimmed, empty for absent) or already shaped by the API's DTO; fields absent
 * from `fields` stay absent from `values`.
 */
export function normaliseCompany(
  fields: Partial<CompanyFields>,
  reference: ReferenceData,
  { partial = false }: NormaliseOptions = {},
): { values: NormalisedCompany; errors: FieldError[] } {
  const values: NormalisedCompany = {};
  const errors: FieldError[] = [];
  const fail: Fail = (field, code, message, params) => errors.push({ field, code, message, ...(params ? { params } : {}) });

  if (fields.name !== undefined || !partial) {
    const name = text(fields.name);
    if (!name || name.length > 200) fail('name', 'lengthBetween', 'name must be 1 to 200 characters', { min: 1, max: 200 });
    else values.name = name;
  }
  if (fields.tradeName !== undefined) {
    const tradeName = text(fields.tradeName);
    if (tradeName && tradeName.length > 200) fail('tradeName', 'tooLong', 'tradeName must be at most 200 characters', { max: 200 });
    else values.tradeName = tradeName;
  }
  if (fields.siret !== undefined) {
    const siret = compact(fields.siret);
    if (siret === null) values.siret = null;
    else if (!/^\d{14}$/.test(siret)) fail('siret', 'siretFormat', 'siret must be 14 digits');
    else if (!isValidSiret(siret)) fail('siret', 'invalidSiret', `siret ${siret} is not a valid SIRET: its check digit is wrong`);
    else values.siret = siret;
  }
  if (fields.nafCode !== undefined) {
    const naf = text(fields.nafCode);
    if (naf === null) Object.assign(values, { nafCode: null, nafLabel: null, nafNomenclature: null });
    else {
      const code = normaliseNafCode(naf);
      const label = code && reference.nafLabel(code);
      if (!code) fail('nafCode', 'nafCodeFormat', 'nafCode must look like 10.71C');
      else if (!label) fail('nafCode', 'unknownNafCode', `nafCode ${code} is not in the NAF rév. 2 nomenclature`, { code });
      else Object.assign(values, { nafCode: code, nafLabel: label, nafNomenclature: NAF_REV2 });
    }
  }
  if (fields.sizeBand !== undefined) {
    const band = text(fields.sizeBand)?.toUpperCase() ?? null;
    if (band !== null && !reference.isSizeBand(band)) fail('sizeBand', 'notOneOf', `sizeBand must be an INSEE size band: ${SIZE_BANDS.join(', ')}`, { allowed: [...SIZE_BANDS] });
    else values.sizeBand = band as CompanyFields['sizeBand'];
  }
  if (fields.address !== undefined) {
    const address = normaliseAddress(fields.address, reference, fail);
    if (address !== undefined) values.address = address;
  }
  if (fields.phone !== undefined) {
    const raw = text(fields.phone);
    const phone = raw === null ? null : raw.length <= 30 ? parsePhoneNumberFromString(raw, 'FR') : undefined;
    if (raw === null) values.phone = null;
    else if (!phone?.isValid()) fail('phone', 'invalidPhone', `phone ${raw} is not a valid phone number`);
    else values.phone = phone.number;
  }
  if (fields.email !== undefined) {
    const email = text(fields.email);
    if (email !== null && (email.length > 254 || !isEmail(email))) fail('email', 'invalidEmail', 'email must be an email address');
    else values.email = email && lowerDomain(email);
  }
  if (fields.website !== undefined) {
    const raw = text(fields.website);
    // `boulangerie-dupont.fr` means https://boulangerie-dupont.fr.
    const website = raw && !/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? `https://${raw}` : raw;
    if (website !== null && (website.length > 500 || !isURL(website, { protocols: ['http', 'https'], require_protocol: true, require_tld: true }))) {
      fail('website', 'invalidUrl', 'website must be a web address (https://…)');
    } else values.website = website;
  }
  if (fields.tags !== undefined) {
    const tags = Array.isArray(fields.tags) ? fields.tags.map((tag) => (typeof tag === 'string' ? tag.trim() : '')) : null;
    if (!tags || tags.length > MAX_TAGS || tags.some((tag) => tag.length < 1 || tag.length > TAG_MAX_LENGTH)) {
      fail('tags', 'invalidTags', `tags must be at most ${MAX_TAGS} texts of 1 to ${TAG_MAX_LENGTH} characters`, { maxItems: MAX_TAGS, maxLength: TAG_MAX_LENGTH });
    } else values.tags = [...new Set(tags)];
  }
  if (fields.hiringPotential !== undefined && fields.hiringPotential !== null) {
    // An imported cell is text: `70` is 70.
    const raw: unknown = fields.hiringPotential;
    const given = typeof raw === 'string' && /^\d+$/.test(raw.trim()) ? Number(raw) : raw;
    if (typeof given !== 'number' || !Number.isInteger(given) || given < 0 || given > 100) fail('hiringPotential', 'integerBetween', 'hiringPotential must be an integer from 0 to 100', { min: 0, max: 100 });
    else Object.assign(values, { hiringPotential: given, hiringPotentialEstimated: false });
  } else if (!partial) {
    values.hiringPotential = reference.estimateHiringPotential(values.nafCode ?? null, values.sizeBand ?? null);
    values.hiringPotentialEstimated = true;
  } else if (fields.hiringPotential === null) values.hiringPotential = null;
  if (fields.doNotCall !== undefined) {
    if (typeof fields.doNotCall !== 'boolean') fail('doNotCall', 'notBoolean', 'doNotCall must be true or false');
    else values.doNotCall = fields.doNotCall;
  }
  return { values, errors };
}

/** `1071c`, `10.71c`, `10.71C` → `10.71C`; null when it does not have the shape of a NAF sub-class. */
export function normaliseNafCode(code: string): string | null {
  const compacted = code.replace(/[\s.]/g, '').toUpperCase();
  return /^\d{4}[A-Z]$/.test(compacted) ? `${compacted.slice(0, 2)}.${compacted.slice(2)}` : null;
}

/**
 * The postal code must exist; the city must be one La Poste names for it (commune, routing label or
 * locality, accents and case aside) and is kept as given. Without a city, a postal code serving one
 * commune gives its name; one serving several asks for it. The département comes from the commune.
 */
function normaliseAddress(
  address: AddressFields | null,
  reference: ReferenceData,
  fail: Fail,
): NormalisedAddress | null | undefined {
  if (address === null) return null;
  if (typeof address !== 'object') {
    fail('address', 'notObject', 'address must be an object');
    return undefined;
  }
  const result: NormalisedAddress = {};
  let valid = true;
  const bad: Fail = (...failure) => {
    fail(...failure);
    valid = false;
  };
  if (address.line !== undefined) {
    const line = text(address.line);
    if (line && line.length > 300) bad('address.line', 'tooLong', 'address.line must be at most 300 characters', { max: 300 });
    else result.line = line;
  }
  let city = address.city === undefined ? undefined : text(address.city);
  if (city && city.length > 100) {
    bad('address.city', 'tooLong', 'address.city must be at most 100 characters', { max: 100 });
    city = undefined;
  } else if (city !== undefined) result.city = city;
  if (address.postalCode !== undefined) {
    const postalCode = compact(address.postalCode);
    const area = postalCode && reference.postalCode(postalCode);
    if (postalCode === null) {
      result.postalCode = null;
      result.department = null;
    } else if (!/^\d{5}$/.test(postalCode)) bad('address.postalCode', 'postalCodeFormat', 'address.postalCode must be 5 digits');
    else if (!area) bad('address.postalCode', 'unknownPostalCode', `address.postalCode ${postalCode} is not a French postal code`, { postalCode });
    else if (city) {
      const locality = reference.locality(postalCode, city);
      if (!locality) bad('address.city', 'cityNotServed', `address.city ${city} is not served by postal code ${postalCode}: ${communeList(area.communes)}`, { postalCode, communes: area.communes });
      else Object.assign(result, { postalCode, department: locality.department });
    } else if (area.communes.length > 1) {
      bad('address.city', 'cityRequired', `address.city is needed: postal code ${postalCode} serves several communes: ${communeList(area.communes)}`, { postalCode, communes: area.communes });
    } else {
      const locality = reference.locality(postalCode, area.communes[0]!)!;
      Object.assign(result, { postalCode, city: locality.commune, department: locality.department });
    }
  }
  return valid ? result : undefined;
}

const communeList = (communes: string[]): string => communes.join(', ');

/** Trimmed text; empty (an empty CSV cell) is absent. */
function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const trimmed = String(value).trim();
  return trimmed === '' ? null : trimmed;
}

/** Spaces and dots are accepted inside numbers (`552 100 554 00013`, `59 140`) and dropped. */
function compact(value: unknown): string | null {
  const trimmed = text(value);
  return trimmed === null ? null : trimmed.replace(/[\s.\u00a0]/g, '');
}

function lowerDomain(email: string): string {
  const at = email.lastIndexOf('@');
  return `${email.slice(0, at)}${email.slice(at).toLowerCase()}`;
}
