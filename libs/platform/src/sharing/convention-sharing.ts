import { type ConventionChangedPayload, ConventionCreated, ConventionUpdated } from '@app/contracts';
import { type DynamicModule, Inject, Injectable, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Inbox, on, type Subscription } from '../outbox/inbox.js';

/**
 * Which organisations share a convention, as this process learnt it from the conventions service's
 * events (docs/sharing.md). The one way every service answers "may this partner see that?": never
 * by asking the conventions service on a request. A party removed from a convention is gone from
 * here as soon as the `updated` event is applied (within seconds), and with it every access it had.
 *
 * Repositories that scope their reads by sharing join `convention_party` of their own schema
 * directly (`SHARED_WITH_SQL`); the methods below answer the questions asked outside a query.
 */
@Injectable()
export class ConventionSharing {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Applies one convention's parties, whole, unless this process already applied that version or a
   * later one (events of one convention may arrive out of order after a redelivery).
   */
  async apply(tx: EntityManager, { id, version, parties }: ConventionChangedPayload): Promise<void> {
    const schema = schemaOf(tx);
    const newer: unknown[] = await tx.query(
      `INSERT INTO "${schema}"."convention_share" ("convention_id", "version") VALUES ($1, $2)
       ON CONFLICT ("convention_id") DO UPDATE SET "version" = EXCLUDED."version"
       WHERE "convention_share"."version" < EXCLUDED."version"
       RETURNING "convention_id"`,
      [id, version],
    );
    if (newer.length === 0) return;
    await tx.query(`DELETE FROM "${schema}"."convention_party" WHERE "convention_id" = $1`, [id]);
    if (parties.length === 0) return;
    await tx.query(
      `INSERT INTO "${schema}"."convention_party" ("convention_id", "organization_id", "role")
       SELECT $1, party."organization_id", party."role"
       FROM jsonb_to_recordset($2::jsonb) AS party("organization_id" uuid, "role" varchar)
       ON CONFLICT DO NOTHING`,
      [id, JSON.stringify(parties.map((party) => ({ organization_id: party.organizationId, role: party.role })))],
    );
  }

  /** The organisations that share at least one convention with `organizationId` (itself excluded). */
  async partnersOf(organizationId: string): Promise<string[]> {
    const schema = schemaOf(this.dataSource.manager);
    const rows: { organization_id: string }[] = await this.dataSource.query(
      `SELECT DISTINCT other."organization_id"
       FROM "${schema}"."convention_party" mine
       JOIN "${schema}"."convention_party" other ON other."convention_id" = mine."convention_id"
       WHERE mine."organization_id" = $1 AND other."organization_id" <> $1`,
      [organizationId],
    );
    return rows.map((row) => row.organization_id);
  }

  /** True when every one of `organizationIds` is a party of the convention. */
  async areParties(conventionId: string, organizationIds: readonly string[], tx: EntityManager = this.dataSource.manager): Promise<boolean> {
    const wanted = [...new Set(organizationIds)];
    const rows: { parties: number }[] = await tx.query(
      `SELECT count(*)::int AS "parties" FROM "${schemaOf(tx)}"."convention_party"
       WHERE "convention_id" = $1 AND "organization_id" = ANY($2::uuid[])`,
      [conventionId, wanted],
    );
    return rows[0]!.parties === wanted.length;
  }

  /** The durable consumer that keeps this process's projection; its name is `<process>-conventions`. */
  subscription(consumer: string): Subscription {
    return {
      consumer,
      handlers: [on(ConventionCreated, (payload, tx) => this.apply(tx, payload)), on(ConventionUpdated, (payload, tx) => this.apply(tx, payload))],
    };
  }
}

/**
 * The SQL condition "the row's organisation shares the convention `conventionColumn` with the
 * caller", for a repository's WHERE clause: `$N` is the caller's organisation id, `ownerColumn`
 * the row's organisation. Both must be parties: an owner that left the convention shares nothing.
 */
export function sharedWithSql(schema: string, conventionColumn: string, ownerColumn: string, callerParam: string): string {
  return `(${conventionColumn} IS NOT NULL AND EXISTS (
      SELECT 1 FROM "${schema}"."convention_party" caller_party
      JOIN "${schema}"."convention_party" owner_party
        ON owner_party."convention_id" = caller_party."convention_id" AND owner_party."organization_id" = ${ownerColumn}
      WHERE caller_party."convention_id" = ${conventionColumn} AND caller_party."organization_id" = ${callerParam}))`;
}

function schemaOf(manager: EntityManager): string {
  const schema = (manager.connection.options as { schema?: string }).schema;
  if (!schema) throw new Error('ConventionSharing needs a DataSource with a schema');
  return schema;
}

const SHARING_CONSUMER = Symbol('SHARING_CONSUMER');

@Injectable()
class ConventionSharingConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly inbox: Inbox,
    private readonly sharing: ConventionSharing,
    @Inject(SHARING_CONSUMER) private readonly consumer: string,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.inbox.subscribe(this.sharing.subscription(this.consumer));
  }
}

/**
 * `ConventionSharingModule.forConsumer('campaigns-conventions')`: provides ConventionSharing and
 * starts the durable consumer that keeps it. The process's migrations list ConventionSharing1764800000000.
 */
@Module({})
export class ConventionSharingModule {
  static forConsumer(consumer: string): DynamicModule {
    return {
      module: ConventionSharingModule,
      global: true,
      providers: [ConventionSharing, ConventionSharingConsumer, { provide: SHARING_CONSUMER, useValue: consumer }],
      exports: [ConventionSharing],
    };
  }
}
