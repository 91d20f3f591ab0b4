import { EVENTS_STREAM } from '@app/contracts';
import { EventBus, Pruning } from '@app/platform';
import { expectEventually, newSiret, uniqueSuffix } from '@app/testing';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportFiles } from '../../apps/companies/src/imports/import-files.js';
import { bearer, createOrganization, type TestOrganization } from '../support/fixtures.js';
import { TestSystem } from '../support/system.js';

const MAX_AGE_SECONDS = 3_600;

describe('retention: pruning on a schedule and a bounded event stream', () => {
  let system: TestSystem;
  let org: TestOrganization;
  let pruning: Pruning;

  beforeAll(async () => {
    // A batch of 2 rows: the pruning needs several passes, as it would on a large backlog.
    system = await TestSystem.start({ services: ['companies'], env: { EVENTS_MAX_AGE_SECONDS: String(MAX_AGE_SECONDS), PRUNE_BATCH_SIZE: '2' } });
    org = await createOrganization(system);
    pruning = system.services.get('companies')![0]!.get(Pruning);
  });
  afterAll(() => system?.close());

  const createCompany = async (name: string, headers: Record<string, string> = {}) => {
    const response = await system.http.post('/api/v1/companies').set(bearer(org.manager.token)).set(headers).send({ name, siret: newSiret() });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body as { id: string; version: number };
  };
  const ago = (seconds: number) => new Date(Date.now() - seconds * 1000);

  it('should delete published events, idempotency keys, applied-event ids and parked events past their retention and keep the recent ones', async () => {
    const [oldKey, recentKey] = [randomUUID(), randomUUID()];
    const old = await createCompany(`Ancienne ${uniqueSuffix()}`, { 'Idempotency-Key': oldKey });
    const recent = await createCompany(`Récente ${uniqueSuffix()}`, { 'Idempotency-Key': recentKey });
    const eventOf = async (companyId: string) =>
      system.database.query<{ id: string; published_at: Date | null }>(`SELECT id, published_at FROM companies.outbox_event WHERE message->'data'->'company'->>'id' = $1`, [companyId]);
    await expectEventually(async () => expect((await eventOf(old.id))[0]?.published_at).toBeInstanceOf(Date));
    // Every event says which version of its contract it follows.
    const [meta] = await system.database.query<{ version: number }>(`SELECT (message->'meta'->>'version')::int AS version FROM companies.outbox_event WHERE message->'data'->'company'->>'id' = $1`, [old.id]);
    expect(meta).toEqual({ version: 1 });
    await system.database.query(`UPDATE companies.outbox_event SET published_at = $2 WHERE message->'data'->'company'->>'id' = $1`, [old.id, ago(2 * 86_400)]);
    // Published a day ago, less than the default retention (RETENTION_PUBLISHED_EVENTS_SECONDS = 1 day) minus a minute: kept.
    await system.database.query(`UPDATE companies.outbox_event SET published_at = $2 WHERE message->'data'->'company'->>'id' = $1`, [recent.id, ago(86_400 - 60)]);
    await system.database.query(`UPDATE companies.idempotency_key SET created_at = $3 WHERE organization_id = $1 AND key = $2`, [org.id, oldKey, ago(25 * 3_600)]);
    // Applied-event ids: kept for the stream's max_age plus a day, so a redelivery still finds them.
    const oldIds = Array.from({ length: 5 }, () => randomUUID());
    const keptId = randomUUID();
    for (const id of oldIds) {
      await system.database.query(`INSERT INTO companies.processed_event (consumer, event_id, processed_at) VALUES ('test', $1, $2)`, [id, ago(MAX_AGE_SECONDS + 86_400 + 60)]);
    }
    await system.database.query(`INSERT INTO companies.processed_event (consumer, event_id, processed_at) VALUES ('test', $1, $2)`, [keptId, ago(MAX_AGE_SECONDS + 86_400 - 60)]);

    // A parked event past its 30 days goes; a recent one stays.
    for (const [eventId, parkedAt] of [[oldIds[0], ago(31 * 86_400)], [keptId, ago(86_400)]] as const) {
      await system.database.query(`INSERT INTO companies.parked_event (consumer, subject, event_id, payload, reason, parked_at) VALUES ('test', 'events.x', $1, '{}', 'test', $2)`, [eventId, parkedAt]);
    }

    expect(await pruning.pass(), 'a full batch asks for another pass').toBe(true);
    await pruning.pruneAll();

    expect(await eventOf(old.id)).toEqual([]);
    expect(await eventOf(recent.id)).toHaveLength(1);
    const keys = await system.database.query<{ key: string }>(`SELECT key FROM companies.idempotency_key WHERE organization_id = $1`, [org.id]);
    expect(keys.map((row) => row.key)).toEqual([recentKey]);
    const applied = await system.database.query<{ event_id: string }>(`SELECT event_id FROM companies.processed_event WHERE consumer = 'test'`);
    expect(applied.map((row) => row.event_id)).toEqual([keptId]);
    const parked = await system.database.query<{ event_id: string }>(`SELECT event_id FROM companies.parked_event WHERE consumer = 'test'`);
    expect(parked.map((row) => row.event_id)).toEqual([keptId]);
    // The same key is now a new request: it creates a second company.
    expect((await system.http.post('/api/v1/companies').set(bearer(org.manager.token)).set('Idempotency-Key', oldKey).send({ name: 'Après', siret: newSiret() })).status).toBe(201);
  });

  it('should prune each process in its own schema: the gateway its identity schema', async () => {
    const [oldKey, recentKey] = [randomUUID(), randomUUID()];
    for (const [key, createdAt] of [[oldKey, ago(25 * 3_600)], [recentKey, ago(60)]] as const) {
      await system.database.query(`INSERT INTO identity.idempotency_key (organization_id, key, fingerprint, created_at) VALUES ($1, $2, $3, $4)`, [org.id, key, '0'.repeat(64), createdAt]);
    }
    await system.gateway!.get(Pruning).pruneAll();
    const keys = await system.database.query<{ key: string }>(`SELECT key FROM identity.idempotency_key WHERE organization_id = $1`, [org.id]);
    expect(keys.map((row) => row.key)).toEqual([recentKey]);
  });

  it("should remove a finished import's file from the object store and the job's reference to it, and keep a recent one", async () => {
    const files = system.services.get('companies')![0]!.get(ImportFiles);
    const [oldName, recentName] = [`test-${randomUUID()}`, `test-${randomUUID()}`];
    const jobs: Record<string, string> = {};
    for (const [name, finishedAt] of [[oldName, ago(2 * 3_600)], [recentName, ago(60)]] as const) {
      await files.put(name, Readable.from([Buffer.from('siret;name\n')]));
      const [row] = await system.database.query<{ id: string }>(
        `INSERT INTO companies.import_job (id, organization_id, created_by, actor_role, request_id, object_name, size, status, finished_at)
         VALUES (gen_random_uuid(), $1, $2, 'manager', 'test', $3, 11, 'done', $4) RETURNING id`,
        [org.id, org.manager.userId, name, finishedAt],
      );
      jobs[name] = row!.id;
    }
    await pruning.pruneAll();
    expect(await files.info(oldName)).toBeNull();
    expect(await files.info(recentName)).toMatchObject({ name: recentName, size: 11 });
    const rows = await system.database.query<{ id: string; object_name: string | null }>(`SELECT id, object_name FROM companies.import_job WHERE id = ANY($1)`, [Object.values(jobs)]);
    expect(Object.fromEntries(rows.map((row) => [row.id, row.object_name]))).toEqual({ [jobs[oldName]!]: null, [jobs[recentName]!]: recentName });
    // The job and its report stay.
    expect((await system.http.get(`/api/v1/companies/imports/${jobs[oldName]}`).set(bearer(org.manager.token))).status).toBe(200);
  });

  it('should drop search words no company of the organisation uses any more (renamed, deleted) and keep the others', async () => {
    const tag = uniqueSuffix().toLowerCase().replace(/[^a-z0-9]/g, '');
    const [renamedWord, deletedWord, keptWord, newWord] = [`renommee${tag}`, `supprimee${tag}`, `gardee${tag}`, `nouvelle${tag}`];
    const renamed = await createCompany(`Boulangerie ${renamedWord} ${keptWord}`);
    const deleted = await createCompany(`Boulangerie ${deletedWord}`);
    const kept = await createCompany(`Boulangerie ${keptWord}`);
    const words = async () =>
      (await system.database.query<{ word: string }>(`SELECT word FROM companies.search_word WHERE organization_id = $1`, [org.id])).map((row) => row.word);
    expect(await words()).toEqual(expect.arrayContaining([renamedWord, deletedWord, keptWord, 'boulangerie']));

    const patch = await system.http.patch(`/api/v1/companies/${renamed.id}`).set(bearer(org.manager.token)).set('If-Match', `"${renamed.version}"`).send({ name: `Boulangerie ${newWord}` });
    expect(patch.status, JSON.stringify(patch.body)).toBe(200);
    expect((await system.http.delete(`/api/v1/companies/${deleted.id}`).set(bearer(org.manager.token))).status).toBe(204);
    await pruning.pruneAll();

    const left = await words();
    expect(left).toEqual(expect.arrayContaining([keptWord, newWord, 'boulangerie']));
    expect(left).not.toContain(renamedWord);
    expect(left).not.toContain(deletedWord);
    const search = await system.http.get('/api/v1/companies').query({ q: keptWord }).set(bearer(org.manager.token));
    expect(search.body.items.map((company: { id: string }) => company.id)).toContain(kept.id);
  });

  it("should set the stream's max_age from EVENTS_MAX_AGE_SECONDS, and change an existing stream's when it differs", async () => {
    const connection = await connect({ servers: system.nats.url });
    try {
      const manager = await jetstreamManager(connection);
      expect((await manager.streams.info(EVENTS_STREAM)).config.max_age).toBe(MAX_AGE_SECONDS * 1e9);
      const bus = new EventBus({ natsUrl: system.nats.url, name: 'retention-test', maxAgeMs: 2 * MAX_AGE_SECONDS * 1000 });
      await bus.connect();
      await bus.close();
      expect((await manager.streams.info(EVENTS_STREAM)).config.max_age).toBe(2 * MAX_AGE_SECONDS * 1e9);
    } finally {
      await connection.close();
    }
  });
});
