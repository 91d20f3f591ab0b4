import { encodeCursor } from '@app/platform';
import { expectEventually, uniqueSuffix } from '@app/testing';
import type supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemberNames } from '../../apps/gateway/src/campaigns/member-names.js';
import { adminToken, bearer, createOrganization, type TestOrganization, walkPages } from '../support/fixtures.js';
import { TestSystem } from '../support/system.js';
import { fullConventionBody } from '../support/valid-bodies.js';

type Listed = { id: string; name: string; kind: string };

/**
 * GET /organizations lists the caller's partners (docs/sharing.md): a chamber of trades and an
 * employment agency sign a convention, a club joins it as a partner; an outsider stays unseen. The
 * gateway learns the parties from the conventions service's events, into its identity schema.
 */
describe('organisations sharing a convention', () => {
  let system: TestSystem;
  let replica: supertest.Agent;
  let chamber: TestOrganization;
  let agency: TestOrganization;
  let club: TestOrganization;
  let outsider: TestOrganization;
  let conventionId: string;
  const suffix = uniqueSuffix();

  beforeAll(async () => {
    system = await TestSystem.start({ services: ['conventions'] });
    // A second gateway on the same database and NATS: the projection is shared, each replica reads it.
    replica = await system.startGatewayReplica();
    [agency, chamber, club, outsider] = await Promise.all([
      createOrganization(system, `Agence ${suffix}`, 'agency'),
      createOrganization(system, `Chambre ${suffix}`, 'chamber'),
      createOrganization(system, `Club ${suffix}`, 'club'),
      createOrganization(system, `Voisin ${suffix}`, 'other'),
    ]);
    // Twelve people choose their passwords (argon2): slow on a busy machine.
  }, 240_000);
  afterAll(() => system?.close());

  const listed = (organization: TestOrganization, kind: string): Listed => ({ id: organization.id, name: organization.name, kind });
  const list = async (token: string, agent: supertest.Agent = system.http): Promise<Listed[]> => {
    const response = await agent.get('/api/v1/organizations').set(bearer(token));
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.nextCursor).toBeNull();
    return response.body.items as Listed[];
  };

  it('should list only their own organisation to a club member before any convention binds it', async () => {
    expect(await list(club.volunteer.token)).toEqual([listed(club, 'club')]);
  });

  it('should list the chamber and the agency, id, name and kind only, to the club once a convention binds them, and never the outsider', async () => {
    const created = await system.http
      .post('/api/v1/conventions')
      .set(bearer(chamber.manager.token))
      .send(fullConventionBody([chamber.id, agency.id], [club.id]));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    conventionId = created.body.id as string;

    const partnersOfClub = [listed(agency, 'agency'), listed(chamber, 'chamber'), listed(club, 'club')];
    // The projection follows the conventions service's event: within seconds.
    await expectEventually(async () => expect(await list(club.volunteer.token)).toEqual(partnersOfClub));
    expect(await list(club.manager.token)).toEqual(partnersOfClub);
    expect(await list(club.viewer.token, replica)).toEqual(partnersOfClub);
    expect(await list(chamber.manager.token)).toEqual(partnersOfClub);
    expect(await list(agency.volunteer.token, replica)).toEqual(partnersOfClub);
    expect(await list(outsider.manager.token)).toEqual([listed(outsider, 'other')]);
  });

  it('should walk the partners one page at a time, each exactly once, in name order', async () => {
    const walked = await walkPages<Listed>(system, '/api/v1/organizations', club.volunteer.token, 1);
    expect(walked.pages).toBe(3);
    expect(walked.items).toEqual([listed(agency, 'agency'), listed(chamber, 'chamber'), listed(club, 'club')]);
  });

  it('should answer 400, not an error, to a cursor whose id was never given out', async () => {
    const forged = await system.http.get('/api/v1/organizations').query({ cursor: encodeCursor(['Chambre', 'not-an-id']) }).set(bearer(club.volunteer.token));
    expect(forged.status).toBe(400);
    expect(forged.body.errors).toEqual([{ field: 'cursor', code: 'invalidCursor', message: expect.any(String) }]);
  });

  it('should list every organisation, the outsider too, to the platform administrator', async () => {
    const seen = (await walkPages<Listed>(system, '/api/v1/organizations', await adminToken(system), 200)).items;
    expect(seen).toEqual(expect.arrayContaining([listed(agency, 'agency'), listed(chamber, 'chamber'), listed(club, 'club'), listed(outsider, 'other')]));
    const all = await system.database.query<{ id: string }>('SELECT id FROM identity.organization');
    expect(seen).toHaveLength(all.length);
  });

  it("should name the partners' members for a dashboard reader, and nobody else", async () => {
    const namesFor = system.gateway!.get(MemberNames).lookup(chamber.id);
    const names = await namesFor([club.volunteer.userId, chamber.volunteer.userId, outsider.volunteer.userId]);
    expect(names).toEqual(new Map([
      [club.volunteer.userId, 'A volunteer'],
      [chamber.volunteer.userId, 'A volunteer'],
      [outsider.volunteer.userId, null],
    ]));
  });

  it('should stop listing and naming each other within 10 s once the convention drops the club', async () => {
    const started = Date.now();
    const dropped = await system.http
      .patch(`/api/v1/conventions/${conventionId}`)
      .set(bearer(chamber.manager.token))
      .set('If-Match', '"1"')
      .send({ parties: [{ organizationId: chamber.id, role: 'signatory' }, { organizationId: agency.id, role: 'signatory' }] });
    expect(dropped.status, JSON.stringify(dropped.body)).toBe(200);

    await expectEventually(async () => expect(await list(club.volunteer.token)).toEqual([listed(club, 'club')]), 10_000);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await list(club.manager.token, replica)).toEqual([listed(club, 'club')]);
    expect(await list(chamber.manager.token)).toEqual([listed(agency, 'agency'), listed(chamber, 'chamber')]);
    const names = await system.gateway!.get(MemberNames).lookup(chamber.id)([club.volunteer.userId, agency.volunteer.userId]);
    expect(names).toEqual(new Map([[club.volunteer.userId, null], [agency.volunteer.userId, 'A volunteer']]));
  });
});
