import * as contracts from '@app/contracts';
import { type CompiledOptions, type CompiledResult, compiledValidator, slowValidation, STRICT_VALIDATION } from '@app/platform';
import { getMetadataStorage, IsString, registerDecorator, ValidateBy, ValidateNested } from 'class-validator';
import { plainToInstance, Type } from 'class-transformer';
import { describe, expect, it, onTestFinished } from 'vitest';
import * as companyBody from '../../apps/gateway/src/companies/company-body.js';
import * as identity from '../../apps/gateway/src/identity/identity.dto.js';
import * as membershipEvents from '../../apps/gateway/src/identity/membership-events.js';
import { fullActionBody, fullCampaignBody, fullCompanyBody, fullContactBody, fullConventionBody, fullIndicatorBody } from '../support/valid-bodies.js';

/**
 * Issue 12, point 3: the compiled validators (libs/platform/src/validation/compiled-validator.ts)
 * answer exactly what class-transformer + class-validator answer, for every contract class: the
 * contracts' index and the gateway's own bodies. Each class gets a valid body built from its rules
 * (per-property samples; the bodies of test/support/valid-bodies.ts where they fit), then mutations
 * of every property (missing, null, wrong types, too long, out of enum, bad items, nested bad) and
 * of the whole body (unknown field, prototype keys, not an object), with the contracts' checks and
 * with an envelope's (no whitelist). Both paths must agree on
 * accept/refuse, on the instance (classes and values) and on the field errors, in order. A rule the
 * sample builder does not know fails the test: a new contract cannot go unchecked.
 */

type Class = new () => object;
const storage = getMetadataStorage();

const hasRules = (value: unknown): value is Class =>
  typeof value === 'function' && storage.getTargetValidationMetadatas(value, '', false, false, undefined).length > 0;

/**
 * Every class with class-validator rules that the contracts' index exports (its namespaces such as
 * `CreateCompany.Request` and the event definitions holding a `Payload` included), and the gateway's
 * own bodies; named by where they are found.
 */
function contractClasses(): Map<Class, string> {
  const found = new Map<Class, string>();
  const seen = new Set<unknown>();
  const walk = (value: unknown, name: string, depth: number): void => {
    if (seen.has(value) || depth > 3) return;
    seen.add(value);
    if (hasRules(value)) {
      if (!found.has(value)) found.set(value, name);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    for (const [key, item] of Object.entries(value)) walk(item, name ? `${name}.${key}` : key, depth + 1);
  };
  for (const module of [contracts, companyBody, identity, membershipEvents]) walk(module, '', 0);
  return found;
}
const NAMES = contractClasses();
const CLASSES = [...NAMES.keys()].sort((a, b) => NAMES.get(a)!.localeCompare(NAMES.get(b)!));

const ENVELOPE_CHECKS: CompiledOptions = { forbidUnknownValues: true };

const UUID = '3f1c9a4e-8b2d-4c6a-9e7f-1a2b3c4d5e6f';
/** Samples of `Matches` rules, by pattern. */
const PATTERN_SAMPLES: Record<string, string> = {
  '^\\d{5}$': '59140',
  '^\\d{14}$': '55210055400013',
  '^\\d{2}\\.?\\d{2}[A-Za-z]$': '10.71C',
  '^\\d{2}(\\.?\\d(\\d[A-Z]?)?)?$': '10.71C',
  '^[A-Z]\\d{4}$': 'D1102',
  '^(\\d{2,5}|2[AB])$': '59',
  '^\\d{4}-\\d{2}-\\d{2}$': '2027-01-04',
};

interface Rule {
  name: string;
  args: unknown[];
  each: boolean;
}

function rulesOf(target: Class): Map<string, { rules: Rule[]; nested?: Class }> {
  const properties = new Map<string, { rules: Rule[]; nested?: Class }>();
  for (const metadata of storage.getTargetValidationMetadatas(target, '', false, false, undefined)) {
    const entry = properties.get(metadata.propertyName) ?? { rules: [] };
    properties.set(metadata.propertyName, entry);
    const name = storage.getTargetValidatorConstraints(metadata.constraintCls)[0]?.name ?? metadata.type;
    entry.rules.push({ name, args: metadata.constraints ?? [], each: Boolean(metadata.each) });
  }
  for (const [property, entry] of properties) {
    if (!entry.rules.some((rule) => rule.name === 'nestedValidation')) continue;
    const type = typeFunction(target, property);
    if (!type) throw new Error(`${target.name}.${property}: ValidateNested without @Type`);
    entry.nested = type;
  }
  return properties;
}

function typeFunction(target: Class, property: string): Class | undefined {
  // class-transformer builds the @Type of a property from an empty object.
  const value = (plainToInstance(target, { [property]: {} }) as Record<string, unknown>)[property];
  return value && typeof value === 'object' && value.constructor !== Object ? (value.constructor as Class) : undefined;
}

/** A valid value for one property, from its rules; throws for a rule it does not know. */
function sample(target: Class, property: string, rules: Rule[], nested: Class | undefined, depth: number): unknown {
  const own = rules.filter((rule) => !rule.each);
  const each = rules.filter((rule) => rule.each);
  const has = (name: string, list = own) => list.find((rule) => rule.name === name);
  if (nested) {
    const item = sampleBody(nested, depth + 1);
    return has('isArray') ? [item] : item;
  }
  if (has('isArray')) {
    const min = Number(has('arrayMinSize')?.args[0] ?? 1);
    const item = scalar(target, property, each.length > 0 ? each : [{ name: 'isString', args: [], each: true }]);
    return Array.from({ length: Math.max(min, 1) }, () => item);
  }
  return scalar(target, property, own);
}

function scalar(target: Class, property: string, rules: Rule[]): unknown {
  const has = (name: string) => rules.find((rule) => rule.name === name);
  const known = ['isDefined', 'conditionalValidation', 'isString', 'maxLength', 'minLength', 'isLength', 'min', 'max', 'isInt', 'isBoolean', 'isUuid', 'isIn', 'isEnum', 'isEmail', 'isUrl', 'isPhone', 'isIso8601', 'isDateTimeWithOffset', 'matches', 'arrayMaxSize', 'arrayMinSize', 'isArray', 'exactlyOneTargetSource', 'isNumber'];
  const unknown = rules.filter((rule) => !known.includes(rule.name));
  if (unknown.length > 0) throw new Error(`no sample for ${target.name}.${property}: ${unknown.map((rule) => rule.name).join(', ')}`);
  if (has('isIn')) return (has('isIn')!.args[0] as unknown[])[0];
  if (has('isEnum')) return Object.values(has('isEnum')!.args[0] as object)[0];
  if (has('isUuid')) return UUID;
  if (has('isEmail')) return 'contact@dupont.fr';
  if (has('isUrl')) return 'https://dupont.fr';
  if (has('isPhone')) return '03 28 12 34 56';
  if (has('isDateTimeWithOffset')) return '2027-01-04T10:30:00+01:00';
  if (has('matches')) {
    const pattern = has('matches')!.args[0] as RegExp;
    const value = PATTERN_SAMPLES[pattern.source] ?? (pattern.test('A1') ? 'A1' : undefined);
    if (value === undefined) throw new Error(`no sample for ${target.name}.${property}: Matches(${pattern.source})`);
    return value;
  }
  if (has('isIso8601')) return '2027-01-04';
  if (has('isInt') || has('isNumber')) {
    const min = has('min') ? Number(has('min')!.args[0]) : 1;
    const max = has('max') ? Number(has('max')!.args[0]) : min + 1;
    return Math.min(Math.max(min, 1), max);
  }
  if (has('isBoolean')) return false;
  const min = Number(has('isLength')?.args[0] ?? has('minLength')?.args[0] ?? 1);
  return 'Dunkerque'.padEnd(min, 'x').slice(0, Math.max(min, Math.min(9, Number(has('isLength')?.args[1] ?? has('maxLength')?.args[0] ?? 9))));
}

function sampleBody(target: Class, depth = 0): Record<string, unknown> {
  if (depth > 4) throw new Error(`${target.name}: nested too deep for samples`);
  const body: Record<string, unknown> = {};
  for (const [property, { rules, nested }] of rulesOf(target)) body[property] = sample(target, property, rules, nested, depth);
  return body;
}

/** The sample body, or the first one without one of its properties that class-validator accepts (rules between fields: `companyIds` or `filter`). */
async function acceptedSample(target: Class): Promise<Record<string, unknown>> {
  const body = sampleBody(target);
  if ((await slowValidation(target, clone(body))).valid) return body;
  for (const property of Object.keys(body)) {
    const { [property]: _left, ...without } = body;
    if ((await slowValidation(target, clone(without))).valid) return without;
  }
  return body;
}

const VALID_BODIES = [fullCompanyBody(), fullContactBody(), fullCampaignBody(UUID), fullCampaignBody(null), fullConventionBody([UUID]), fullActionBody(UUID), fullIndicatorBody([UUID])];

/** The payloads both paths meet for one class. */
function fixtures(target: Class, base: Record<string, unknown>): unknown[] {
  const cases: unknown[] = [base, ...VALID_BODIES];
  const rules = rulesOf(target);
  const longText = 'x'.repeat(5001);
  for (const [property, { rules: list, nested }] of rules) {
    const variants: unknown[] = [undefined, null, 42, -1, 1.5, 1e12, 'text', '', '   ', '  padded  ', true, {}, [], ['x'], [42], [null], [{}], longText, 'NOT-ONE-OF', '2026-02-30', '2026-13-01T10:00:00Z', '0000', 'D1102', UUID.toUpperCase()];
    for (const rule of list) {
      const max = rule.name === 'maxLength' ? rule.args[0] : rule.name === 'isLength' ? rule.args[1] : rule.name === 'max' || rule.name === 'arrayMaxSize' ? rule.args[0] : undefined;
      if (typeof max !== 'number') continue;
      variants.push(max + 1);
      if (max < 10_000) variants.push('y'.repeat(max + 1), Array.from({ length: max + 1 }, () => base[property]));
    }
    if (nested) {
      const item = sampleBody(nested, 1);
      variants.push({ ...item, unknownField: 1 }, [item, item], [item, 'x'], [{ ...item, unknownField: 1 }]);
      for (const key of Object.keys(item)) {
        for (const bad of [undefined, null, 42, 'x'.repeat(300), [], {}]) {
          const copy = { ...item, [key]: bad };
          variants.push(copy, [copy]);
        }
      }
    }
    for (const value of variants) {
      const body = { ...base };
      if (value === undefined) delete body[property];
      else body[property] = value;
      cases.push(body);
    }
  }
  cases.push(
    { ...base, unknownField: 'x' },
    { ...base, toString: 'x', valueOf: 1 },
    JSON.parse(`{"__proto__": {"polluted": true}, ${JSON.stringify(base).slice(1)}`),
    { ...base, constructor: 1 },
    { ...base, prototype: {} },
    {},
    { unknownField: 1 },
    null,
    undefined,
    [],
    [base],
    'text',
    42,
  );
  return cases;
}

/** An instance as classes and values, to compare two of them exactly. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape);
  if (typeof value !== 'object' || value === null) return value === undefined ? '<undefined>' : value;
  return { class: value.constructor?.name ?? null, ...Object.fromEntries(Object.entries(value).map(([key, item]) => [key, shape(item)])) };
}

const clone = (value: unknown): unknown => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));

async function compare(target: Class, raw: unknown, options: CompiledOptions = STRICT_VALIDATION): Promise<{ handedOver: boolean; accepted: boolean }> {
  const slow = await slowValidation(target, clone(raw), options);
  const compiled = compiledValidator(target, options)(clone(raw));
  const fast: CompiledResult<object> = compiled ?? (await slowValidation(target, clone(raw), options));
  const label = `${NAMES.get(target) ?? target.name} (${JSON.stringify(options)}) ← ${JSON.stringify(raw)?.slice(0, 300)}`;
  expect(fast.valid, label).toBe(slow.valid);
  if (fast.valid && slow.valid) expect(shape(fast.payload), label).toEqual(shape(slow.payload));
  if (!fast.valid && !slow.valid) {
    expect(JSON.stringify(fast.errors), label).toBe(JSON.stringify(slow.errors));
    expect(shape(fast.instance), label).toEqual(shape(slow.instance));
  }
  return { handedOver: compiled === undefined, accepted: slow.valid };
}

describe('compiled validators answer what class-validator answers', () => {
  it('finds the contract classes', () => {
    expect(CLASSES.length).toBeGreaterThan(80);
    expect(CLASSES).toContain(contracts.CreateCompany.Request);
    expect(CLASSES).toContain(identity.LoginBody);
  });

  it('for every contract class, the same fixtures of good and bad payloads through both', async () => {
    const fallbacks: string[] = [];
    const refusedSamples: string[] = [];
    let payloads = 0;
    let handedOver = 0;
    let accepted = 0;
    for (const target of CLASSES) {
      const { fallback } = compiledValidator(target);
      if (fallback) fallbacks.push(`${NAMES.get(target)}: ${fallback}`);
      const base = await acceptedSample(target);
      if (!(await compare(target, base)).accepted) refusedSamples.push(NAMES.get(target)!);
      for (const raw of fixtures(target, base)) {
        // As contracts are checked, and as an envelope is (its own fields, others tolerated).
        for (const options of [STRICT_VALIDATION, ENVELOPE_CHECKS]) {
          const result = await compare(target, raw, options);
          payloads += 1;
          if (result.handedOver) handedOver += 1;
          if (result.accepted) accepted += 1;
        }
      }
    }
    console.info(
      `compiled validation: ${CLASSES.length} classes, ${payloads} payloads (${accepted} accepted), ${handedOver} handed over to class-validator; ` +
        `classes compiled: ${CLASSES.length - fallbacks.length}, falling back: ${fallbacks.length} ${JSON.stringify(fallbacks)}; samples refused: ${JSON.stringify(refusedSamples)}`,
    );
    expect(fallbacks).toEqual([]);
    // A class whose sample body class-validator refuses is checked on refusals only: say why here.
    // Envelope: `data` has no rule (the envelope pipe checks it with the contract's own class).
    expect(refusedSamples).toEqual(['Envelope']);
    expect(accepted).toBeGreaterThan(CLASSES.length);
    // Only what is not plain JSON or names a prototype key is handed over: 11 bodies of each class at most.
    expect(handedOver).toBeLessThanOrEqual(CLASSES.length * 11 * 2);
  }, 240_000);

  it('hands a class it cannot compile to class-validator, with the same answers', async () => {
    const Slowly = (): PropertyDecorator => (target, propertyName) =>
      registerDecorator({
        name: 'slowly',
        async: true,
        target: target.constructor,
        propertyName: String(propertyName),
        validator: { validate: async (value: unknown) => value === 'ok', defaultMessage: () => '$property is not ok' },
      });
    class Later {
      @Slowly() value!: string;
    }
    class Holder {
      @ValidateNested() @Type(() => Later) later!: Later;
      @IsString() name!: string;
    }
    // A constraint that answers a promise without saying so is found out on its first answer.
    class Sneaky {
      @ValidateBy({ name: 'sneaky', validator: { validate: async (value: unknown) => value === 'ok' } }) value!: string;
    }
    // This file's own classes leave class-validator's global storage as they found it: the worker runs
    // other files after this one (isolate: false), and one of them lists every rule in the storage.
    onTestFinished(() => {
      const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<unknown, unknown> };
      for (const target of [Later, Holder, Sneaky]) storage.validationMetadatas.delete(target);
    });
    expect(compiledValidator(Later).fallback).toContain('async');
    expect(compiledValidator(Holder).fallback).toContain('async');
    expect(compiledValidator(Holder)({ later: { value: 'ok' }, name: 'x' })).toBeUndefined();
    expect(compiledValidator(Sneaky).fallback).toBeUndefined();
    expect(compiledValidator(Sneaky)({ value: 'ok' })).toBeUndefined();
    for (const raw of [{ value: 'ok' }, { value: 'no' }, { value: 'ok', extra: 1 }]) {
      await compare(Later, raw);
      await compare(Sneaky, raw);
    }
    for (const raw of [{ later: { value: 'no' }, name: 1 }, { later: { value: 'ok' }, name: 'x' }]) await compare(Holder, raw);
    expect((await slowValidation(Later, { value: 'no' })).valid).toBe(false);
  });
});
