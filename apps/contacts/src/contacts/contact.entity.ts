import type { LawfulBasis } from '@app/contracts';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A person at a company: personal data, erased by deleting the row. */
@Entity({ name: 'contact' })
export class ContactEntity {
  @PrimaryGeneratedColumn('uuid', { name: 'id' }) id!: string;
  @Column({ name: 'organization_id', type: 'uuid' }) organizationId!: string;
  @Column({ name: 'company_id', type: 'uuid' }) companyId!: string;
  @Column({ name: 'first_name', type: 'varchar', length: 100, nullable: true }) firstName!: string | null;
  @Column({ name: 'last_name', type: 'varchar', length: 100 }) lastName!: string;
  @Column({ name: 'job_title', type: 'varchar', length: 100, nullable: true }) jobTitle!: string | null;
  @Column({ name: 'phone', type: 'varchar', length: 20, nullable: true }) phone!: string | null;
  @Column({ name: 'email', type: 'varchar', length: 254, nullable: true }) email!: string | null;
  @Column({ name: 'notes', type: 'text', nullable: true }) notes!: string | null;
  @Column({ name: 'lawful_basis', type: 'varchar', length: 20, default: 'legitimate_interest' }) lawfulBasis!: LawfulBasis;
  @Column({ name: 'opted_out', type: 'boolean', default: false }) optedOut!: boolean;
  @Column({ name: 'opted_out_at', type: 'timestamptz', nullable: true }) optedOutAt!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  @Column({ name: 'version', type: 'integer', default: 1 }) version!: number;
}
