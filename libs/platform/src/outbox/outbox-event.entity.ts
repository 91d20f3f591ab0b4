import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An event waiting for (or done with) publication; written in the same transaction as the change. */
@Entity({ name: 'outbox_event' })
export class OutboxEventEntity {
  @PrimaryGeneratedColumn('identity', { name: 'sequence', type: 'bigint', generatedIdentity: 'ALWAYS' })
  sequence!: string;

  @Column({ name: 'id', type: 'uuid' })
  id!: string;

  @Column({ name: 'subject', type: 'varchar', length: 200 })
  subject!: string;

  @Column({ name: 'message', type: 'jsonb' })
  message!: object;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;
}
