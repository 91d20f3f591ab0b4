import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * An event a consumer could not read (a version it does not know, a malformed message), kept with
 * the reason instead of being retried for ever. Replay it by hand once the consumer can read it.
 */
@Entity({ name: 'parked_event' })
export class ParkedEventEntity {
  @PrimaryGeneratedColumn('identity', { name: 'id', type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ name: 'consumer', type: 'varchar', length: 100 })
  consumer!: string;

  @Column({ name: 'subject', type: 'varchar', length: 200 })
  subject!: string;

  /** Null when the message was too malformed to carry one. */
  @Column({ name: 'event_id', type: 'varchar', length: 100, nullable: true })
  eventId!: string | null;

  /** The message as it arrived (text: it may not be JSON). */
  @Column({ name: 'payload', type: 'text' })
  payload!: string;

  @Column({ name: 'reason', type: 'text' })
  reason!: string;

  @Column({ name: 'parked_at', type: 'timestamptz', default: () => 'now()' })
  parkedAt!: Date;
}
