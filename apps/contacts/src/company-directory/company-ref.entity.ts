import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * The companies this service knows of, kept from the companies service's events (it never reads
 * the companies schema): enough to check that a contact's company exists in the organisation.
 * A deleted company stays as a tombstone, so that a late or redelivered older event cannot revive it.
 */
@Entity({ name: 'company_ref' })
export class CompanyRefEntity {
  @PrimaryColumn({ name: 'id', type: 'uuid' }) id!: string;
  @Column({ name: 'organization_id', type: 'uuid' }) organizationId!: string;
  /** The company's version: an older event arriving late never overwrites a newer state. */
  @Column({ name: 'version', type: 'integer' }) version!: number;
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true }) deletedAt!: Date | null;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
