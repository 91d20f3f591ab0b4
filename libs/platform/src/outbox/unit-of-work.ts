import type { Envelope } from '@app/contracts';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { preparedQuery } from '../database/prepared-query.js';
import { tableNameOf } from '../database/table-name.js';
import { assertBeforeDeadline, DeadlineExceededError, IdempotencyKeyReusedError, IdempotentResultErasedError } from '../errors/domain-error.js';
import { IdempotencyRecordEntity } from '../idempotency/idempotency-record.entity.js';
import { OutboxRelay } from './outbox-relay.js';

/**
 * The one way services write: a transaction that also claims the request's Idempotency-Key and
 * holds the outbox rows, then wakes the relay after commit.
 *
 * The key row is inserted first with ON CONFLICT DO NOTHING: a concurrent request with the same key
 * waits on the unique index until the first commits, then finds its stored answer. A crash rolls
 * the key back with the write, so a retry creates the row exactly once.
 *
 * The envelope's deadline is checked before the transaction starts and again just before COMMIT:
 * a write that was held up (a lock, a paused process) until its caller answered 504 rolls back, so
 * the caller's retry with the same Idempotency-Key is the only one that applies.
 */
@Injectable()
export class UnitOfWork {
  private readonly logger = new Logger(UnitOfWork.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
  ) {}

  async write<T>(envelope: Pick<Envelope<unknown>, 'actor' | 'idempotency' | 'deadline'>, work: (tx: EntityManager) => Promise<T>): Promise<T> {
    assertBeforeDeadline(envelope.deadline);
    const result = await this.dataSource.transaction(async (tx) => {
      const outcome = await this.claimAndWork(tx, envelope, work);
      if (envelope.deadline !== undefined && Date.now() >= envelope.deadline) {
        this.logger.warn({ deadline: new Date(envelope.deadline).toISOString() }, 'Write reached its commit after the caller gave up: rolled back');
        throw new DeadlineExceededError();
      }
      return outcome;
    });
    this.relay.wakeSoon();
    return result;
  }

  /**
   * In an erasure's transaction: the stored answers about `resourceIds` (the create that made them,
   * the changes since) lose their content, and their keys answer 410 from now on instead of
   * replaying the request, which would bring the erased person back.
   */
  async eraseResults(tx: EntityManager, organizationId: string, resourceIds: string[]): Promise<void> {
    if (resourceIds.length === 0) return;
    await tx.query(
      `UPDATE ${tableNameOf(tx, IdempotencyRecordEntity)} SET "response" = NULL, "erased_at" = now()
       WHERE "organization_id" = $1 AND "response"->>'id' = ANY($2::text[])`,
      [organizationId, resourceIds],
    );
  }

  private async claimAndWork<T>(tx: EntityManager, envelope: Pick<Envelope<unknown>, 'actor' | 'idempotency'>, work: (tx: EntityManager) => Promise<T>): Promise<T> {
    const claim = envelope.idempotency;
    if (!claim) return work(tx);
    const { organizationId } = envelope.actor;
    // Fixed statements prepared once per connection: the key is claimed and answered on every write.
    const table = tableNameOf(tx, IdempotencyRecordEntity);
    const claimed = await preparedQuery(
      tx,
      `${table}.claim`,
      `INSERT INTO ${table} ("organization_id", "key", "fingerprint") VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING "key"`,
      [organizationId, claim.key, claim.fingerprint],
    );
    if (claimed.length === 0) {
      const existing = await tx.getRepository(IdempotencyRecordEntity).findOneByOrFail({ organizationId, key: claim.key });
      if (existing.fingerprint !== claim.fingerprint) throw new IdempotencyKeyReusedError();
      if (existing.erasedAt) throw new IdempotentResultErasedError();
      return existing.response as T;
    }
    const response = await work(tx);
    // No answer (a 204) is stored as SQL NULL, as TypeORM stored it.
    await preparedQuery(tx, `${table}.answer`, `UPDATE ${table} SET "response" = $3::jsonb WHERE "organization_id" = $1 AND "key" = $2`, [
      organizationId,
      claim.key,
      response === undefined || response === null ? null : JSON.stringify(response),
    ]);
    return response;
  }
}
