import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * What the call queue needs to know of a company, kept from the companies service's events
 * (campaigns never reads the companies schema).
 */
@Entity({ name: 'company_summary' })
export class CompanySummaryEntity {
  @PrimaryColumn({ name: 'id', type: 'uuid' }) id!: string;
  @Column({ name: 'organization_id', type: 'uuid' }) organizationId!: string;
  @Column({ name: 'name', type: 'varchar', length: 200 }) name!: string;
  @Column({ name: 'naf_code', type: 'varchar', length: 6, nullable: true }) nafCode!: string | null;
  @Column({ name: 'naf_label', type: 'varchar', length: 300, nullable: true }) nafLabel!: string | null;
  @Column({ name: 'size_band', type: 'varchar', length: 2, nullable: true }) sizeBand!: string | null;
  @Column({ name: 'address_line', type: 'varchar', length: 300, nullable: true }) addressLine!: string | null;
  @Column({ name: 'postal_code', type: 'char', length: 5, nullable: true }) postalCode!: string | null;
  @Column({ name: 'city', type: 'varchar', length: 100, nullable: true }) city!: string | null;
  @Column({ name: 'phone', type: 'varchar', length: 30, nullable: true }) phone!: string | null;
  @Column({ name: 'hiring_potential', type: 'smallint', nullable: true }) hiringPotential!: number | null;
  @Column({ name: 'do_not_call', type: 'boolean', default: false }) doNotCall!: boolean;
  /** The company's version: an older event arriving late never overwrites a newer state. */
  @Column({ name: 'version', type: 'integer' }) version!: number;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
