import type { ConventionAxis, ConventionFields, ConventionParty, PartyRole } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/** A convention as read for one organisation: with its parties, axes, and that organisation's role in it. */
export interface ConventionRow {
  id: string;
  organization_id: string;
  title: string;
  reference: string | null;
  signed_on: string | null;
  starts_on: string;
  ends_on: string;
  created_at: Date;
  updated_at: Date;
  version: number;
  parties: ConventionParty[];
  axes: { code: string; title: string; description: string | null }[];
  /** The reading organisation's role. */
  caller_role: PartyRole;
}

export type ConventionColumns = Partial<Pick<ConventionFields, 'title' | 'reference' | 'signedOn' | 'startsOn' | 'endsOn'>>;

// Parties and axes in the order given.
const SELECT_CONVENTION = `
  SELECT c."id", c."organization_id", c."title", c."reference", c."signed_on"::text AS "signed_on", c."starts_on"::text AS "starts_on",
    c."ends_on"::text AS "ends_on", c."created_at", c."updated_at", c."version", me."role" AS "caller_role",
    (SELECT coalesce(json_agg(json_build_object('organizationId', p."organization_id", 'role', p."role") ORDER BY p."position"), '[]')
       FROM "conventions"."party" p WHERE p."convention_id" = c."id") AS "parties",
    (SELECT coalesce(json_agg(json_build_object('code', a."code", 'title', a."title", 'description', a."description") ORDER BY a."position"), '[]')
       FROM "conventions"."axis" a WHERE a."convention_id" = c."id") AS "axes"
  FROM "conventions"."convention" c
  JOIN "conventions"."party" me ON me."convention_id" = c."id" AND me."organization_id" = $1`;

/**
 * `conventions.convention` with its parties and axes. A convention is read through the reader's
 * party row: every read is scoped by the reader's organisation, and a non-party reads nothing.
 */
@Injectable()
export class ConventionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The convention, if `organizationId` is one of its parties. `lock` holds the row until the transaction ends (a change of the convention, its actions or indicators). */
  async findForParty(organizationId: string, id: string, tx: EntityManager = this.dataSource.manager, lock = false): Promise<ConventionRow | null> {
    const rows: ConventionRow[] = await tx.query(`${SELECT_CONVENTION} WHERE c."id" = $2${lock ? ' FOR UPDATE OF c' : ''}`, [organizationId, id]);
    return rows[0] ?? null;
  }

  /** `limit + 1` conventions `organizationId` is a party to, by title then id, after `after`. */
  pageForParty(organizationId: string, limit: number, after: { title: string; id: string } | null): Promise<ConventionRow[]> {
    return this.dataSource.query(
      `${SELECT_CONVENTION}
       WHERE ($2::text IS NULL OR (c."title", c."id") > ($2::text, $3::uuid))
       ORDER BY c."title", c."id" LIMIT $4`,
      [organizationId, after?.title ?? null, after?.id ?? null, limit + 1],
    );
  }

  async insert(tx: EntityManager, organizationId: string, fields: ConventionFields): Promise<string> {
    const [{ id }] = await tx.query(
      `INSERT INTO "conventions"."convention" ("organization_id", "title", "reference", "signed_on", "starts_on", "ends_on")
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING "id"`,
      [organizationId, fields.title, fields.reference ?? null, fields.signedOn ?? null, fields.startsOn, fields.endsOn],
    );
    await this.replaceParties(tx, id, fields.parties);
    await this.replaceAxes(tx, id, fields.axes ?? []);
    return id as string;
  }

  /** Applies `columns` only at `expectedVersion` (in the UPDATE's WHERE): false when the version moved. */
  async update(tx: EntityManager, id: string, columns: ConventionColumns, expectedVersion: number): Promise<boolean> {
    const [, affected] = await tx.query(
      `UPDATE "conventions"."convention" SET
         "title" = coalesce($3, "title"),
         "reference" = CASE WHEN $4::boolean THEN $5 ELSE "reference" END,
         "signed_on" = CASE WHEN $6::boolean THEN $7::date ELSE "signed_on" END,
         "starts_on" = coalesce($8::date, "starts_on"),
         "ends_on" = coalesce($9::date, "ends_on"),
         "version" = "version" + 1, "updated_at" = now()
       WHERE "id" = $1 AND "version" = $2`,
      [
        id,
        expectedVersion,
        columns.title ?? null,
        columns.reference !== undefined,
        columns.reference ?? null,
        columns.signedOn !== undefined,
        columns.signedOn ?? null,
        columns.startsOn ?? null,
        columns.endsOn ?? null,
      ],
    );
    return affected > 0;
  }

  /** The parties become exactly `parties`: the others leave, the kept ones take their new role. */
  async replaceParties(tx: EntityManager, id: string, parties: ConventionParty[]): Promise<void> {
    const ids = parties.map((party) => party.organizationId);
    await tx.query(`DELETE FROM "conventions"."party" WHERE "convention_id" = $1 AND "organization_id" <> ALL ($2::uuid[])`, [id, ids]);
    await tx.query(
      `INSERT INTO "conventions"."party" ("convention_id", "organization_id", "role", "position")
       SELECT $1, p."organization_id", p."role", p."position" FROM unnest($2::uuid[], $3::text[]) WITH ORDINALITY AS p("organization_id", "role", "position")
       ON CONFLICT ("convention_id", "organization_id") DO UPDATE SET "role" = EXCLUDED."role", "position" = EXCLUDED."position"`,
      [id, ids, parties.map((party) => party.role)],
    );
  }

  /** The axes become exactly `axes`, in that order. */
  async replaceAxes(tx: EntityManager, id: string, axes: ConventionAxis[]): Promise<void> {
    const codes = axes.map((axis) => axis.code);
    await tx.query(`DELETE FROM "conventions"."axis" WHERE "convention_id" = $1 AND "code" <> ALL ($2::text[])`, [id, codes]);
    await tx.query(
      `INSERT INTO "conventions"."axis" ("convention_id", "code", "title", "description", "position")
       SELECT $1, a."code", a."title", a."description", a."position"
       FROM unnest($2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS a("code", "title", "description", "position")
       ON CONFLICT ("convention_id", "code") DO UPDATE SET "title" = EXCLUDED."title", "description" = EXCLUDED."description", "position" = EXCLUDED."position"`,
      [id, codes, axes.map((axis) => axis.title), axes.map((axis) => axis.description ?? null)],
    );
  }

  /** Of `organizationIds`, those still responsible for an action of the convention. */
  async responsibleOf(tx: EntityManager, id: string, organizationIds: string[]): Promise<string[]> {
    const rows: { organization_id: string }[] = await tx.query(
      `SELECT DISTINCT "responsible_organization_id" AS "organization_id" FROM "conventions"."action"
       WHERE "convention_id" = $1 AND "responsible_organization_id" = ANY ($2::uuid[]) ORDER BY 1`,
      [id, organizationIds],
    );
    return rows.map((row) => row.organization_id);
  }

  /** Of `codes`, the axes an action or an indicator of the convention still names. */
  async axesInUse(tx: EntityManager, id: string, codes: string[]): Promise<string[]> {
    const rows: { code: string }[] = await tx.query(
      `SELECT "axis_code" AS "code" FROM "conventions"."action" WHERE "convention_id" = $1 AND "axis_code" = ANY ($2::text[])
       UNION SELECT "axis_code" FROM "conventions"."indicator" WHERE "convention_id" = $1 AND "axis_code" = ANY ($2::text[])
       ORDER BY 1`,
      [id, codes],
    );
    return rows.map((row) => row.code);
  }
}
