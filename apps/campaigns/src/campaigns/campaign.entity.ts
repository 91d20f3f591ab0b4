import type { CampaignStatus } from '@app/contracts';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A calling campaign of one organisation; its targets are the queue (docs/campaigns.md). */
@Entity({ name: 'campaign' })
export class CampaignEntity {
  @PrimaryGeneratedColumn('uuid', { name: 'id' }) id!: string;
  @Column({ name: 'organization_id', type: 'uuid' }) organizationId!: string;
  @Column({ name: 'name', type: 'varchar', length: 200 }) name!: string;
  @Column({ name: 'description', type: 'text', nullable: true }) description!: string | null;
  @Column({ name: 'script', type: 'text', nullable: true }) script!: string | null;
  @Column({ name: 'status', type: 'varchar', length: 10, default: 'draft' }) status!: CampaignStatus;
  /** Calendar days as `YYYY-MM-DD` (pg hands `date` over as text). */
  @Column({ name: 'starts_on', type: 'date', nullable: true }) startsOn!: string | null;
  @Column({ name: 'ends_on', type: 'date', nullable: true }) endsOn!: string | null;
  @Column({ name: 'goal_companies_to_contact', type: 'integer', nullable: true }) goalCompaniesToContact!: number | null;
  @Column({ name: 'convention_id', type: 'uuid', nullable: true }) conventionId!: string | null;
  @Column({ name: 'cooldown_days', type: 'smallint', default: 7 }) cooldownDays!: number;
  @Column({ name: 'created_by', type: 'uuid' }) createdBy!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  @Column({ name: 'version', type: 'integer', default: 1 }) version!: number;
}
