import { IMPORTS_BUCKET } from '@app/contracts';
import { expectEventually, newSiret } from '@app/testing';
import { Objm } from '@nats-io/obj';
import { connect } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createOrganization, type TestOrganization } from '../support/fixtures.js';
import { TestSystem } from '../support/system.js';

const IMPORTS = '/api/v1/companies/imports';
// Enough rows for the import to take several batches (10,000 rows each), so that it can be stopped midway.
const ROWS = 100_000;

interface JobRow {
  status: string;
  processed_rows: number;
  inserted: number;
  updated: number;
  rejected: number;
  total_rows: number | null;
  lease: string | null;
  attempts: number;
  failure_reason: string | null;
}

describe('company imports across a restart of the companies service', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await TestSystem.start({ services: ['companies'] });
  });
  afterAll(() => system?.close());

  const bigCsv = () => ['siret;name;city', ...Array.from({ length: ROWS }, (_, index) => `${newSiret()};Entreprise ${index};Lille`)].join('\n');
  const jobRow = async (id: string): Promise<JobRow> =>
    (await system.database.query<JobRow>(`SELECT * FROM "companies"."import_job" WHERE id = $1`, [id]))[0]!;
  const companyCount = async (organizationId: string): Promise<number> =>
    Number((await system.database.query<{ n: string }>(`SELECT count(*) AS n FROM "companies"."company" WHERE organization_id = $1`, [organizationId]))[0]!.n);

  /** Starts a big import and stops the companies service once some batches (not all) are written. */
  async function importStoppedMidway(org: TestOrganization): Promise<{ id: string; atStop: JobRow }> {
    const response = await system.http.post(IMPORTS).set(bearer(org.manager.token)).set('Content-Type', 'text/csv').send(bigCsv());
    expect(response.status, JSON.stringify(response.body)).toBe(202);
    const id = response.body.id as string;
    await expectEventually(
      async () => {
        const job = await jobRow(id);
        expect(job.status).toBe('running');
        expect(job.processed_rows).toBeGreaterThan(0);
      },
      60_000,
      20,
    );
    await system.stopService('companies');
    const atStop = await jobRow(id);
    // Stopped midway, and handed back: neither done nor failed, no worker holding it.
    expect(atStop).toMatchObject({ status: 'running', lease: null });
    expect(atStop.processed_rows).toBeGreaterThan(0);
    expect(atStop.processed_rows).toBeLessThan(ROWS);
    // Progress commits with its rows: what the job counts is exactly what is stored.
    expect(await companyCount(org.id)).toBe(atStop.inserted);
    return { id, atStop };
  }

  it('should resume an interrupted import and end done with every row counted once when the service starts again', async () => {
    const org = await createOrganization(system);
    const { id, atStop } = await importStoppedMidway(org);
    await system.startService('companies');
    const job = await expectEventually(
      async () => {
        const response = await system.http.get(`${IMPORTS}/${id}`).set(bearer(org.manager.token));
        expect(response.body.status).toBe('done');
        return response.body;
      },
      180_000,
      200,
    );
    expect(job).toMatchObject({ totalRows: ROWS, processedRows: ROWS, inserted: ROWS, updated: 0, rejected: 0, skipped: 0, errors: [] });
    expect(await companyCount(org.id)).toBe(ROWS);
    expect((await jobRow(id)).attempts).toBe(2);
    const resumed = system.logs.lines.find((line) => line.importId === id && line.msg === 'Resuming import');
    expect(resumed).toMatchObject({ resumeAt: atStop.processed_rows });
  }, 300_000);

  it('should end the job failed with a reason, keeping the rows written, when the file is gone on restart', async () => {
    const org = await createOrganization(system);
    const { id, atStop } = await importStoppedMidway(org);
    const connection = await connect({ servers: system.nats.url });
    try {
      await (await new Objm(connection).open(IMPORTS_BUCKET)).delete(id);
    } finally {
      await connection.close();
    }
    await system.startService('companies');
    const job = await expectEventually(
      async () => {
        const response = await system.http.get(`${IMPORTS}/${id}`).set(bearer(org.manager.token));
        expect(response.body.status).toBe('failed');
        return response.body;
      },
      60_000,
      200,
    );
    expect(job.failureReason).toMatch(/no longer available/);
    expect(job).toMatchObject({ processedRows: atStop.processed_rows, inserted: atStop.inserted, totalRows: null });
    expect(await companyCount(org.id)).toBe(atStop.inserted);
  }, 300_000);
});
