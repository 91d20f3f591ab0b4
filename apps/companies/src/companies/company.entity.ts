import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity({ name: 'company' })
export class CompanyEntity {
  @PrimaryGeneratedColumn('uuid', { name: 'id' }) id!: string;
  @Column({ name: 'organization_id', type: 'uuid' }) organizationId!: string;
  @Column({ name: 'name', type: 'varchar', length: 200 }) name!: string;
  @Column({ name: 'siret', type: 'char', length: 14, nullable: true }) siret!: string | null;
  @Column({ name: 'siren', type: 'char', length: 9, nullable: true }) siren!: string | null;
  @Column({ name: 'naf_code', type: 'varchar', length: 6, nullable: true }) nafCode!: string | null;
  @Column({ name: 'size_band', type: 'varchar', length: 2, nullable: true }) sizeBand!: string | null;
  @Column({ name: 'address_line', type: 'varchar', length: 300, nullable: true }) addressLine!: string | null;
  @Column({ name: 'postal_code', type: 'char', length: 5, nullable: true }) postalCode!: string | null;
  @Column({ name: 'city', type: 'varchar', length: 100, nullable: true }) city!: string | null;
  @Column({ name: 'phone', type: 'varchar', length: 30, nullable: true }) phone!: string | null;
  @Column({ name: 'email', type: 'varchar', length: 254, nullable: true }) email!: string | null;
  @Column({ name: 'website', type: 'varchar', length: 500, nullable: true }) website!: string | null;
  @Column({ name: 'tags', type: 'text', array: true, default: () => "'{}'" }) tags!: string[];
  @Column({ name: 'hiring_potential', type: 'smallint', nullable: true }) hiringPotential!: number | null;
  @Column({ name: 'do_not_call', type: 'boolean', default: false }) doNotCall!: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  @Column({ name: 'version', type: 'integer', default: 1 }) version!: number;
}
