import type { FieldError } from '@app/contracts';
import { createRequire } from 'node:module';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validate, ValidationError, ValidationTypes, type ValidationArguments } from 'class-validator';
import { toFieldErrors } from '../errors/validation.js';

/**
 * Validators compiled once per contract class from class-validator's and class-transformer's own
 * metadata (the decorators stay the one place where rules are written). A compiled validator does
 * what `plainToInstance` then `validate({ whitelist, forbidNonWhitelisted, forbidUnknownValues })`
 * do, in the same order and with the same constraint objects, messages and contexts, but looks each
 * class's metadata up once instead of on every message: rules grouped by property, constraint
 * classes resolved, transforms and types found. Whatever it cannot reproduce faithfully (an async
 * constraint, a discriminator, a Map or Set property, a value that is not plain JSON) makes it hand
 * the payload to class-transformer and class-validator themselves: the answer is the same either way.
 */

/** What every payload and request body is checked with; the gateway's pipe and decodePayload say the same. */
export const STRICT_VALIDATION = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true } as const;

/** A refusal carries the instance it refused (the gateway's company bodies ask the service about its valid fields). */
export type CompiledResult<T> = { valid: true; payload: T } | { valid: false; errors: FieldError[]; instance: T };

/**
 * The checks of a compiled validator: {@link STRICT_VALIDATION} for contracts, or without the
 * whitelist (an envelope's fields beside `data` are not refused); `forbidUnknownValues` always.
 */
export type CompiledOptions = { whitelist: true; forbidNonWhitelisted: true; forbidUnknownValues: true } | { forbidUnknownValues: true };

/** A value or class the compiled path does not reproduce: the slow path answers instead. */
class NotCompiled extends Error {}

type Constructor = new () => object;
/** Any class, as class-validator keys its metadata (an instance's `constructor`). */
type AnyClass = abstract new (...args: never[]) => unknown;

interface TransformerStorage {
  getStrategy(target: Constructor): 'excludeAll' | 'exposeAll' | 'none';
  getExposedMetadatas(target: Constructor): { propertyName: string; options?: { name?: string; groups?: string[]; toClassOnly?: boolean; toPlainOnly?: boolean } }[];
  getExposedProperties(target: Constructor, transformationType: number): string[];
  getExcludedProperties(target: Constructor, transformationType: number): string[];
  findExposeMetadata(target: Constructor, propertyName: string): { options?: { groups?: string[] } } | undefined;
  findTypeMetadata(target: Constructor, propertyName: string): TypeMetadata | undefined;
  findTransformMetadatas(target: Constructor, propertyName: string, transformationType: number): TransformMetadata[];
}
interface TypeMetadata {
  reflectedType: unknown;
  typeFunction?: (options: { newObject: object; object: Record<string, unknown>; property: string }) => unknown;
  options?: { discriminator?: unknown };
}
interface TransformMetadata {
  transformFn: (params: { value: unknown; key: string; obj: Record<string, unknown>; type: number; options: object }) => unknown;
  options?: { groups?: string[] };
}

// class-transformer exports no handle on its metadata storage; its decorators write to this one.
const require = createRequire(import.meta.url);
const transformerStorage = (require('class-transformer/cjs/storage.js') as { defaultMetadataStorage: TransformerStorage }).defaultMetadataStorage;
const transformerDefaults = (require('class-transformer/cjs/constants/default-options.constant.js') as { defaultOptions: object }).defaultOptions;
const PLAIN_TO_CLASS = 0;
/** What a @Transform function receives as `options`: class-transformer's defaults, as plainToInstance passes them. */
const TRANSFORM_OPTIONS = Object.freeze({ ...transformerDefaults });

// ---------------------------------------------------------------------------------------------------
// class-transformer, plain to class, default options

interface PropertyPlan {
  /** The class property a plain key fills (an `@Expose({ name })` renames). */
  property: string;
  type: TypeMetadata | undefined;
  transforms: TransformMetadata['transformFn'][];
  /** A getter without setter or a method of the class's prototype: class-transformer skips the key. */
  skipped: boolean;
}

interface InstancePlan {
  exposeAll: boolean;
  exposed: string[];
  hidden: Set<string>;
  known: Map<string, PropertyPlan>;
}

const instancePlans = new Map<Constructor, InstancePlan>();

function instancePlan(target: Constructor): InstancePlan {
  let plan = instancePlans.get(target);
  if (plan) return plan;
  const strategy = transformerStorage.getStrategy(target);
  const byCustomName = new Map<string, string>();
  for (const expose of transformerStorage.getExposedMetadatas(target)) {
    if (expose.options?.name !== undefined && !byCustomName.has(expose.options.name)) byCustomName.set(expose.options.name, expose.propertyName);
  }
  const grouped = (key: string): boolean => (transformerStorage.findExposeMetadata(target, key)?.options?.groups?.length ?? 0) > 0;
  const excluded = new Set(transformerStorage.getExcludedProperties(target, PLAIN_TO_CLASS));
  const exposedNames = transformerStorage
    .getExposedProperties(target, PLAIN_TO_CLASS)
    .map((key) => {
      const name = (transformerStorage.findExposeMetadata(target, key)?.options as { name?: string } | undefined)?.name;
      return name ?? key;
    });
  const hidden = new Set<string>(excluded);
  const names = new Set<string>([...exposedNames, ...validatedProperties(target)]);
  for (const name of names) if (grouped(name)) hidden.add(name);
  const known = new Map<string, PropertyPlan>();
  for (const name of names) known.set(name, propertyPlan(target, byCustomName.get(name) ?? name));
  plan = {
    exposeAll: strategy !== 'excludeAll',
    exposed: [...new Set(exposedNames.filter((name) => !hidden.has(name)))],
    hidden,
    known,
  };
  instancePlans.set(target, plan);
  return plan;
}

function propertyPlan(target: Constructor, property: string): PropertyPlan {
  const type = transformerStorage.findTypeMetadata(target, property);
  if (type?.options?.discriminator) throw new NotCompiled(`${target.name}.${property}: a discriminator`);
  if (type && (type.reflectedType === Map || type.reflectedType === Set)) throw new NotCompiled(`${target.name}.${property}: a Map or Set`);
  const transforms = transformerStorage
    .findTransformMetadatas(target, property, PLAIN_TO_CLASS)
    .filter((metadata) => !metadata.options?.groups?.length)
    .map((metadata) => metadata.transformFn);
  const descriptor = target.prototype ? Object.getOwnPropertyDescriptor(target.prototype, property) : undefined;
  // An array value is copied into `new reflectedType()` when that is a Set or has `push`, into [] otherwise.
  const arrayType = type?.reflectedType;
  if (typeof arrayType === 'function' && arrayType !== Array) {
    const sample = new (arrayType as new () => object)();
    if (sample instanceof Set || ('push' in sample && !Array.isArray(sample))) throw new NotCompiled(`${target.name}.${property}: an array of another kind`);
  }
  return { property, type, transforms, skipped: descriptor !== undefined && !descriptor.set };
}

/** The keys class-transformer reads from a plain object for `target` (getKeys, default options). */
function keysOf(plan: InstancePlan, value: object): string[] {
  if (!plan.exposeAll) return plan.exposed;
  const keys = Object.keys(value);
  if (plan.exposed.length === 0 && plan.hidden.size === 0) return keys;
  return [...new Set([...keys, ...plan.exposed])].filter((key) => !plan.hidden.has(key));
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

const POISON_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** TransformOperationExecutor.transform for plain JSON, PLAIN_TO_CLASS, without a source object. */
function toInstanceValue(value: unknown, targetType: unknown): unknown {
  if (Array.isArray(value)) {
    const items: unknown[] = [];
    value.forEach((item) => items.push(toInstanceValue(item, targetType)));
    return items;
  }
  if (targetType === String) return value === null || value === undefined ? value : String(value);
  if (targetType === Number) return value === null || value === undefined ? value : Number(value);
  if (targetType === Boolean) return value === null || value === undefined ? value : Boolean(value);
  if (targetType === Date) return value === null || value === undefined ? value : new Date(value as string);
  if (typeof value !== 'object' || value === null) {
    if (typeof targetType === 'function' && targetType === Buffer) throw new NotCompiled('a Buffer');
    return value;
  }
  if (!isPlainObject(value)) throw new NotCompiled('not plain JSON');
  if (typeof targetType === 'function' && targetType === Buffer) throw new NotCompiled('a Buffer');
  if (typeof targetType === 'function') return toInstance(targetType as Constructor, value as Record<string, unknown>);
  if (targetType !== undefined) throw new NotCompiled('a type that is not a class');
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (POISON_KEYS.has(key)) throw new NotCompiled(`a "${key}" key`);
    const descriptor = Object.getOwnPropertyDescriptor(Object.prototype, key);
    if ((descriptor && !descriptor.set) || copy[key] instanceof Function) continue;
    copy[key] = toInstanceValue((value as Record<string, unknown>)[key], undefined);
  }
  return copy;
}

function toInstance(target: Constructor, value: Record<string, unknown>): object {
  const plan = instancePlan(target);
  const instance = new target() as Record<string, unknown>;
  for (const key of keysOf(plan, value)) {
    if (POISON_KEYS.has(key)) throw new NotCompiled(`a "${key}" key`);
    const property = plan.known.get(key) ?? propertyPlan(target, key);
    if (property.skipped || instance[property.property] instanceof Function) continue;
    const item = value[key];
    let type: unknown;
    if (property.type) {
      type = property.type.typeFunction ? property.type.typeFunction({ newObject: instance, object: value, property: property.property }) : property.type.reflectedType;
    }
    let result = toInstanceValue(item, type);
    for (const transform of property.transforms) result = transform({ value: result, key: property.property, obj: value, type: PLAIN_TO_CLASS, options: TRANSFORM_OPTIONS });
    instance[property.property] = result;
  }
  return instance;
}

// ---------------------------------------------------------------------------------------------------
// class-validator, validate(object, STRICT_VALIDATION)

type ValidationMetadata = ReturnType<ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']>[number];
interface ConstraintMetadata {
  name?: string;
  async: boolean;
  instance: { validate(value: unknown, args: ValidationArguments): unknown; defaultMessage?(args: ValidationArguments): string };
}
interface CustomRule {
  metadata: ValidationMetadata;
  constraints: ConstraintMetadata[];
}
interface PropertyRules {
  name: string;
  defined: CustomRule[];
  custom: CustomRule[];
  nested: ValidationMetadata[];
  conditions: ((object: object, value: unknown) => boolean)[];
  /** Every rule but IsDefined and whitelist, for their contexts. */
  contexts: ValidationMetadata[];
}
interface ClassRules {
  properties: PropertyRules[];
  names: Set<string>;
}

const classRules = new Map<AnyClass, ClassRules>();

function validatedProperties(target: Constructor): string[] {
  return [...rulesOf(target).names];
}

function rulesOf(target: AnyClass): ClassRules {
  let rules = classRules.get(target);
  if (rules) return rules;
  const storage = getMetadataStorage();
  const metadatas = storage.getTargetValidationMetadatas(target, '', false, false, undefined);
  const grouped = storage.groupByPropertyName(metadatas);
  const custom = (metadata: ValidationMetadata): CustomRule => {
    const constraints = storage.getTargetValidatorConstraints(metadata.constraintCls) as unknown as ConstraintMetadata[];
    if (constraints.some((constraint) => constraint.async)) throw new NotCompiled(`${target.name}.${metadata.propertyName}: an async constraint`);
    return { metadata, constraints };
  };
  const properties = Object.entries(grouped).map(([name, all]): PropertyRules => {
    if (all.some((metadata) => metadata.type === ValidationTypes.PROMISE_VALIDATION)) throw new NotCompiled(`${target.name}.${name}: a promise`);
    const contexts = all.filter((metadata) => metadata.type !== ValidationTypes.IS_DEFINED && metadata.type !== ValidationTypes.WHITELIST);
    return {
      name,
      defined: all.filter((metadata) => metadata.type === ValidationTypes.IS_DEFINED).map(custom),
      custom: contexts.filter((metadata) => metadata.type === ValidationTypes.CUSTOM_VALIDATION).map(custom),
      nested: contexts.filter((metadata) => metadata.type === ValidationTypes.NESTED_VALIDATION),
      conditions: contexts
        .filter((metadata) => metadata.type === ValidationTypes.CONDITIONAL_VALIDATION)
        .map((metadata) => metadata.constraints[0] as (object: object, value: unknown) => boolean),
      contexts,
    };
  });
  rules = { properties, names: new Set(Object.keys(grouped)) };
  classRules.set(target, rules);
  return rules;
}

function newError(object: object, value: unknown, property: string | undefined): ValidationError {
  const error = new ValidationError();
  error.target = object;
  error.value = value;
  error.property = property as string;
  error.children = [];
  error.constraints = {};
  return error;
}

/** ValidationExecutor.execute with the strict options. */
function execute(object: object, errors: ValidationError[], whitelist: boolean): void {
  const rules = rulesOf(object.constructor as AnyClass);
  if (rules.properties.length === 0) {
    const error = newError(object, undefined, undefined);
    error.constraints = { unknownValue: 'an unknown value was passed to the validate function' };
    errors.push(error);
    return;
  }
  for (const property of whitelist ? Object.keys(object) : []) {
    if (rules.names.has(property)) continue;
    const error = newError(object, (object as Record<string, unknown>)[property], property);
    error.constraints = { [ValidationTypes.WHITELIST]: `property ${property} should not exist` };
    error.children = undefined;
    errors.push(error);
  }
  for (const property of rules.properties) {
    performValidations(object, (object as Record<string, unknown>)[property.name], property.name, property, errors, whitelist);
  }
}

function performValidations(object: object, value: unknown, name: string, rules: Omit<PropertyRules, 'name'>, errors: ValidationError[], whitelist: boolean): void {
  const error = newError(object, value, name);
  errors.push(error);
  let canValidate = true;
  for (const condition of rules.conditions) canValidate = condition(object, value) && canValidate;
  if (!canValidate) return;
  customValidations(object, value, rules.defined, error);
  mapContexts(rules.defined.map((rule) => rule.metadata), error);
  customValidations(object, value, rules.custom, error);
  nestedValidations(value, rules.nested, error, whitelist);
  mapContexts(rules.contexts, error);
  mapContexts(rules.custom.map((rule) => rule.metadata), error);
}

function customValidations(object: object, value: unknown, rules: CustomRule[], error: ValidationError): void {
  for (const { metadata, constraints } of rules) {
    const validateIf = (metadata as { validateIf?: (object: object, value: unknown) => boolean }).validateIf;
    if (validateIf && !validateIf(object, value)) continue;
    for (const constraint of constraints) {
      const args = validationArguments(object, value, metadata);
      let valid: boolean;
      if (!metadata.each || !Array.isArray(value)) {
        valid = Boolean(settled(constraint.instance.validate(value, args)));
      } else {
        valid = value.map((item) => settled(constraint.instance.validate(item, args))).every(Boolean);
      }
      if (!valid) {
        const [type, message] = createValidationError(object, value, metadata, constraint);
        error.constraints![type] = message;
      }
    }
  }
}

function settled(result: unknown): unknown {
  if (result instanceof Promise || (typeof result === 'object' && result !== null && typeof (result as { then?: unknown }).then === 'function')) {
    throw new NotCompiled('a constraint answered a promise');
  }
  return result;
}

function nestedValidations(value: unknown, metadatas: ValidationMetadata[], error: ValidationError, whitelist: boolean): void {
  if (value === undefined) return;
  for (const metadata of metadatas) {
    if (Array.isArray(value)) {
      value.forEach((item, index) =>
        performValidations(value, item, index.toString(), { defined: [], custom: [], nested: metadatas, conditions: [], contexts: metadatas }, error.children!, whitelist),
      );
    } else if (value instanceof Object) {
      execute(value, error.children!, whitelist);
    } else {
      const [type, message] = createValidationError(metadata.target as object, value, metadata);
      error.constraints![type] = message;
    }
  }
}

function mapContexts(metadatas: ValidationMetadata[], error: ValidationError): void {
  for (const metadata of metadatas) {
    if (!metadata.context) continue;
    const constraint =
      metadata.type === ValidationTypes.CUSTOM_VALIDATION
        ? (getMetadataStorage().getTargetValidatorConstraints(metadata.constraintCls)[0] as unknown as ConstraintMetadata | undefined)
        : undefined;
    const type = constraint?.name ? constraint.name : metadata.type;
    if (error.constraints![type]) {
      error.contexts ??= {};
      error.contexts[type] = Object.assign((error.contexts[type] as object | undefined) ?? {}, metadata.context);
    }
  }
}

/** What a constraint's validate and defaultMessage receive: a new object for each call, as class-validator makes it. */
function validationArguments(object: object, value: unknown, metadata: ValidationMetadata): ValidationArguments {
  return {
    targetName: object.constructor ? object.constructor.name : (undefined as unknown as string),
    property: metadata.propertyName,
    object,
    value,
    constraints: metadata.constraints,
  };
}

function createValidationError(object: object, value: unknown, metadata: ValidationMetadata, constraint?: ConstraintMetadata): [string, string] {
  const args = validationArguments(object, value, metadata);
  let message: string | ((args: ValidationArguments) => string) = metadata.message || '';
  if (!metadata.message && constraint && constraint.instance.defaultMessage instanceof Function) message = constraint.instance.defaultMessage(args);
  return [constraint?.name ? constraint.name : metadata.type, replaceMessageSpecialTokens(message, args)];
}

/** class-validator's ValidationUtils.replaceMessageSpecialTokens (not exported by the package). */
function replaceMessageSpecialTokens(message: string | ((args: ValidationArguments) => string), args: ValidationArguments): string {
  let text: string | undefined = message instanceof Function ? message(args) : typeof message === 'string' ? message : undefined;
  if (text && Array.isArray(args.constraints)) {
    args.constraints.forEach((constraint: unknown, index: number) => {
      text = text!.replace(new RegExp(`\\$constraint${index + 1}`, 'g'), constraintToString(constraint));
    });
  }
  if (text && args.value !== undefined && args.value !== null && ['string', 'boolean', 'number'].includes(typeof args.value)) {
    text = text.replace(/\$value/g, args.value as string);
  }
  if (text) text = text.replace(/\$property/g, args.property);
  if (text) text = text.replace(/\$target/g, args.targetName);
  return text as string;
}

function constraintToString(constraint: unknown): string {
  if (Array.isArray(constraint)) return constraint.join(', ');
  if (typeof constraint === 'symbol') return `${constraint.description}`;
  return `${constraint as string}`;
}

function stripEmptyErrors(errors: ValidationError[]): ValidationError[] {
  return errors.filter((error) => {
    if (error.children) error.children = stripEmptyErrors(error.children);
    if (Object.keys(error.constraints!).length === 0) {
      if (error.children!.length === 0) return false;
      delete error.constraints;
    }
    return true;
  });
}

// ---------------------------------------------------------------------------------------------------

export interface CompiledValidator<T> {
  /**
   * The raw JSON value (`undefined` and `null` read as `{}`) as an instance of the class, or its
   * field errors; synchronous. `undefined` when the compiled path hands over: run {@link slowValidation}.
   */
  (raw: unknown): CompiledResult<T> | undefined;
  /** Why every payload of this class is checked by class-validator itself, when it is. */
  readonly fallback: string | undefined;
}

const compiled = new Map<AnyClass, CompiledValidator<object>>();
const compiledWithoutWhitelist = new Map<AnyClass, CompiledValidator<object>>();

/**
 * The compiled validator of a contract class, built on first use and kept. `raw` must have passed
 * the safety walk (unsafeInputErrors). A value that is not plain JSON (an array, a Buffer) or holds a
 * `__proto__`, `constructor` or `prototype` key is handed over, and so is every payload of a class
 * the compiler refused (`fallback` says why).
 */
export function compiledValidator<T extends object>(PayloadClass: new () => T, options: CompiledOptions = STRICT_VALIDATION): CompiledValidator<T> {
  const whitelist = 'whitelist' in options;
  const cache = whitelist ? compiled : compiledWithoutWhitelist;
  let validator = cache.get(PayloadClass);
  if (validator) return validator as CompiledValidator<T>;
  const fallback = compileError(PayloadClass);
  const check = (raw: unknown): CompiledResult<T> | undefined => {
    const value = raw ?? {};
    if (fallback !== undefined || typeof value !== 'object' || Array.isArray(value) || !isPlainObject(value)) return undefined;
    try {
      const payload = toInstance(PayloadClass, value as Record<string, unknown>) as T;
      const errors: ValidationError[] = [];
      execute(payload, errors, whitelist);
      const fieldErrors = toFieldErrors(stripEmptyErrors(errors));
      return fieldErrors.length > 0 ? { valid: false, errors: fieldErrors, instance: payload } : { valid: true, payload };
    } catch (error) {
      if (error instanceof NotCompiled) return undefined;
      throw error;
    }
  };
  validator = Object.assign(check, { fallback }) as CompiledValidator<object>;
  cache.set(PayloadClass, validator);
  return validator as CompiledValidator<T>;
}

/** What class-transformer and class-validator answer for the same value: the reference the compiled path matches. */
export async function slowValidation<T extends object>(PayloadClass: new () => T, raw: unknown, options: CompiledOptions = STRICT_VALIDATION): Promise<CompiledResult<T>> {
  const payload = plainToInstance(PayloadClass, raw ?? {});
  const errors = toFieldErrors(await validate(payload, options));
  return errors.length > 0 ? { valid: false, errors, instance: payload } : { valid: true, payload };
}

/** Compiles every class reachable from `root` (nested types included); the reason it cannot, or undefined. */
function compileError(root: AnyClass): string | undefined {
  const seen = new Set<AnyClass>();
  const visit = (target: AnyClass): void => {
    if (seen.has(target)) return;
    seen.add(target);
    rulesOf(target);
    const plan = instancePlan(target as Constructor);
    for (const property of plan.known.values()) {
      const type = property.type?.typeFunction?.({ newObject: {}, object: {}, property: property.property }) ?? property.type?.reflectedType;
      if (typeof type === 'function' && ![String, Number, Boolean, Date, Array, Object].includes(type as never)) visit(type as AnyClass);
    }
  };
  try {
    visit(root);
    return undefined;
  } catch (error) {
    if (error instanceof NotCompiled) return error.message;
    throw error;
  }
}
