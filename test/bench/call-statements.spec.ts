import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readableBySql } from '../../apps/campaigns/src/campaigns/campaigns.repository.js';
import { STATEMENTS } from '../../bench/campaign-writes.mjs';

const ROOT = join(import.meta.dirname, '..', '..');
const COMPANY_NAME = /const COMPANY_NAME = `([^`]+)`;/;

/** SQL as written in a source file, comparable: `${COMPANY_NAME}` filled in, `--` comments dropped, whitespace collapsed. */
function normalise(sql: string, companyName: string): string {
  return sql
    .replaceAll('${COMPANY_NAME}', companyName)
    .replace(/--[^\n]*/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

// The call-logging benchmark compares the full path with a floor and a bare process that must run the campaigns
// service's statements, same SQL (scripts/bench-campaigns.mjs): a change to the service's SQL fails here until
// bench/campaign-writes.mjs follows it.
describe('the call-logging benchmark runs the campaigns service statements', () => {
  const source = readFileSync(join(ROOT, 'apps/campaigns/src/calls/calls.repository.ts'), 'utf8');
  const companyName = COMPANY_NAME.exec(source)![1]!;
  const service = normalise(source, companyName);

  it.each(['lockTarget', 'insertCall', 'insertOffers', 'moveTarget', 'rollups'] as const)('%s is the repository statement', (name) => {
    expect(service).toContain(normalise(STATEMENTS[name], companyName));
  });

  it('reads the campaign with the sharing condition of CampaignAccess.readable', () => {
    const repository = readFileSync(join(ROOT, 'apps/campaigns/src/campaigns/campaigns.repository.ts'), 'utf8');
    expect(repository).toContain('`SELECT c.* FROM "campaigns"."campaign" c WHERE c."id" = $2 AND ${READABLE_SQL}`');
    expect(repository).toContain("const READABLE_SQL = readableBySql('c', '$1');");
    expect(STATEMENTS.readable).toBe(`SELECT c.* FROM "campaigns"."campaign" c WHERE c."id" = $2 AND ${readableBySql('c', '$1')}`);
  });
});
