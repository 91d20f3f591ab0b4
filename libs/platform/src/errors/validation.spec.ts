import 'reflect-metadata';
import { AddTargets, CreateCampaign, CreateCompany, FIELD_ERROR_CODES, ListCompanies, SIZE_BANDS } from '@app/contracts';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validate } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata.js';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CONSTRAINT_CODES, toFieldErrors } from './validation.js';

const STRICT = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true } as const;

async function fieldErrorsOf<T extends object>(Class: new () => T, body: object) {
  return toFieldErrors(await validate(plainToInstance(Class, body), STRICT));
}

/** Every TypeScript file under `folder` that declares class-validator rules: the contracts and the gateway's own bodies. */
function filesWithRules(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'))
    .map((file) => join(folder, file))
    .filter((file) => readFileSync(file, 'utf8').includes("from 'class-validator'"));
}

describe('toFieldErrors', () => {
  it('should give each broken constraint its public code and the params its arguments imply', async () => {
    const errors = await fieldErrorsOf(CreateCampaign.Request, { name: 'x'.repeat(201), goal: { companiesToContact: 0 }, colour: 'bleu' });
    expect(errors).toEqual(
      expect.arrayContaining([
        { field: 'name', code: 'lengthBetween', params: { min: 1, max: 200 }, message: expect.stringContaining('name') },
        { field: 'goal.companiesToContact', code: 'tooSmall', params: { min: 1 }, message: expect.any(String) },
        { field: 'colour', code: 'unknownField', message: 'colour is not a known field' },
      ]),
    );
  });

  it('should take the code a contract names in its context, and the allowed values of an enum', async () => {
    const errors = await fieldErrorsOf(CreateCompany.Request, { name: 'Boulangerie', siret: '123', sizeBand: 'huge', address: { postalCode: 'abc' } });
    expect(errors).toEqual(
      expect.arrayContaining([
        { field: 'siret', code: 'siretFormat', message: 'siret must be 14 digits' },
        { field: 'sizeBand', code: 'notOneOf', params: { allowed: [...SIZE_BANDS] }, message: expect.any(String) },
        { field: 'address.postalCode', code: 'postalCodeFormat', message: 'address.postalCode must be 5 digits' },
      ]),
    );
  });

  it('should carry the params a contract gives in its context for a rule between fields', async () => {
    const errors = await fieldErrorsOf(AddTargets.Request, { campaignId: '00000000-0000-4000-8000-000000000000' });
    expect(errors).toEqual(
      expect.arrayContaining([
        { field: 'companyIds', code: 'exactlyOneOf', params: { fields: ['companyIds', 'filter'] }, message: 'give either companyIds or filter, exactly one of them' },
        { field: 'companyIds', code: 'tooManyItems', params: { max: 10_000 }, message: expect.any(String) },
      ]),
    );
  });

  it('should code the items of a list checked one by one like the list itself', async () => {
    const errors = await fieldErrorsOf(ListCompanies.Request, { naf: ['10.71C', 'boulangerie'] });
    expect(errors).toEqual([{ field: 'naf', code: 'nafFilterFormat', message: expect.stringContaining('NAF') }]);
  });
});

describe('public codes of the constraints', () => {
  it('should know every constraint the contracts and the gateway bodies declare, and read its arguments', async () => {
    const root = resolve(import.meta.dirname, '../../../..');
    for (const file of [...filesWithRules(join(root, 'libs/contracts/src')), ...filesWithRules(join(root, 'apps/gateway/src'))]) {
      await import(pathToFileURL(file).href);
    }
    const storage = getMetadataStorage();
    const all = [...(storage as unknown as { validationMetadatas: Map<unknown, ValidationMetadata[]> }).validationMetadatas.values()].flat();
    const unknown = new Set<string>();
    const unreadable = new Set<string>();
    let counted = 0;
    for (const metadata of all) {
      // Conditions (IsOptional, ValidateIf) and Allow never fail a field.
      if (['conditionalValidation', 'whitelistValidation', 'promiseValidation'].includes(metadata.type)) continue;
      const key = metadata.name ?? storage.getTargetValidatorConstraints(metadata.constraintCls)[0]?.name ?? metadata.type;
      const named = (metadata.context as { code?: string } | undefined)?.code;
      counted++;
      if (named !== undefined) {
        expect(Object.keys(FIELD_ERROR_CODES), `${metadata.propertyName}: context code ${named}`).toContain(named);
        continue;
      }
      const rule = CONSTRAINT_CODES[key];
      if (!rule) unknown.add(key);
      const params = rule?.params?.(metadata.constraints ?? []);
      const bad = Object.values(params ?? {}).some((value) => (typeof value === 'number' ? !Number.isFinite(value) : Array.isArray(value) && value.length === 0));
      if (bad) unreadable.add(`${key} on ${metadata.propertyName}`);
    }
    expect(counted).toBeGreaterThan(300);
    expect([...unknown], 'constraints without a public code in CONSTRAINT_CODES').toEqual([]);
    expect([...unreadable], 'constraints whose arguments do not give their params').toEqual([]);
  });
});
