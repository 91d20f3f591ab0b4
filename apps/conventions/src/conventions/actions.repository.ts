import type { ActionChanges, ActionFields, ActionStatus } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface ActionRow {
  id: string;
  convention_id: string;
  axis_code: string;
  title: string;
  responsible_organization_id: string;
  due_on: string | null;
  status: ActionStatus;
  created_at: Date;
  updated_at: Date;
  version: number;
}

const columnsOf = (alias: string) =>
  `${alias}"id", ${alias}"convention_id", ${alias}"axis_code", ${alias}"title", ${alias}"responsible_organization_id", ${alias}"due_on"::text AS "due_on", ${alias}"status", ${alias}"created_at", ${alias}"updated_at", ${alias}"version"`;
const COLUMNS = columnsOf('');

/** `conventions.action`. Callers have checked that the reader is a party of `conventionId`; every statement is scoped by it. */
@Injectable()
export class ActionsRepository {
  async insert(tx: EntityManager, conventionId: string, fields: ActionFields): Promise<ActionRow> {
    const [row] = await tx.query(
      `INSERT INTO "conventions"."action" ("convention_id", "axis_code", "title", "responsible_organization_id", "due_on", "status")
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
      [conventionId, fields.axisCode, fields.title, fields.responsibleOrganizationId, fields.dueOn ?? null, fields.status ?? 'planned'],
    );
    return row as ActionRow;
  }

  async findOne(tx: EntityManager, conventionId: string, id: string): Promise<ActionRow | null> {
    const rows: ActionRow[] = await tx.query(`SELECT ${COLUMNS} FROM "conventions"."action" WHERE "convention_id" = $1 AND "id" = $2`, [conventionId, id]);
    return rows[0] ?? null;
  }

  /** Applies `changes` only at `expectedVersion`: null when the version moved. */
  async update(tx: EntityManager, conventionId: string, id: string, changes: ActionChanges, expectedVersion: number): Promise<ActionRow | null> {
    const [rows] = await tx.query(
      `UPDATE "conventions"."action" SET
         "axis_code" = coalesce($4, "axis_code"),
         "title" = coalesce($5, "title"),
         "responsible_organization_id" = coalesce($6::uuid, "responsible_organization_id"),
         "due_on" = CASE WHEN $7::boolean THEN $8::date ELSE "due_on" END,
         "status" = coalesce($9, "status"),
         "version" = "version" + 1, "updated_at" = now()
       WHERE "convention_id" = $1 AND "id" = $2 AND "version" = $3
       RETURNING ${COLUMNS}`,
      [
        conventionId,
        id,
        expectedVersion,
        changes.axisCode ?? null,
        changes.title ?? null,
        changes.responsibleOrganizationId ?? null,
        changes.dueOn !== undefined,
        changes.dueOn ?? null,
        changes.status ?? null,
      ],
    );
    return (rows as ActionRow[])[0] ?? null;
  }

  /** The convention's actions: per axis (in the axes' order), by due day (undated last), then creation. */
  list(tx: EntityManager, conventionId: string): Promise<ActionRow[]> {
    return tx.query(
      `SELECT ${columnsOf('x.')} FROM "conventions"."action" x
       JOIN "conventions"."axis" a ON a."convention_id" = x."convention_id" AND a."code" = x."axis_code"
       WHERE x."convention_id" = $1
       ORDER BY a."position", x."due_on" NULLS LAST, x."created_at", x."id"`,
      [conventionId],
    );
  }

  /** How many actions per status, and how many still open after their day (Europe/Paris today). */
  async summary(tx: EntityManager, conventionId: string): Promise<Record<ActionStatus | 'overdue', number>> {
    const [row] = await tx.query(
      `SELECT count(*) FILTER (WHERE "status" = 'planned')::int AS "planned",
              count(*) FILTER (WHERE "status" = 'in_progress')::int AS "in_progress",
              count(*) FILTER (WHERE "status" = 'done')::int AS "done",
              count(*) FILTER (WHERE "status" = 'dropped')::int AS "dropped",
              count(*) FILTER (WHERE "status" IN ('planned', 'in_progress') AND "due_on" < (now() AT TIME ZONE 'Europe/Paris')::date)::int AS "overdue"
       FROM "conventions"."action" WHERE "convention_id" = $1`,
      [conventionId],
    );
    return row;
  }
}
