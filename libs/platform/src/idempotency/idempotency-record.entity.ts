import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An Idempotency-Key and the answer it gave, stored in the transaction of the write it protects. */
@Entity({ name: 'idempotency_key' })
export class IdempotencyRecordEntity {
  @PrimaryColumn({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @PrimaryColumn({ name: 'key', type: 'varchar', length: 255 })
  key!: string;

  @Column({ name: 'fingerprint', type: 'char', length: 64 })
  fingerprint!: string;

  @Column({ name: 'response', type: 'jsonb', nullable: true })
  response!: unknown;

  /** Set when the result was erased: the answer is gone, key and fingerprint stay so that a replay answers 410. */
  @Column({ name: 'erased_at', type: 'timestamptz', nullable: true })
  erasedAt!: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
