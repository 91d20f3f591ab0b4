import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A contact who objected to being called, kept from the contacts service's events so that the call
 * queue can skip them. Ids only: no name, phone or email ever reaches this service. The row goes
 * when the objection is withdrawn or the person is erased.
 */
@Entity({ name: 'contact_opt_out' })
export class ContactOptOutEntity {
  @PrimaryColumn({ name: 'contact_id', type: 'uuid' }) contactId!: string;
  @Column({ name: 'company_id', type: 'uuid' }) companyId!: string;
  @Column({ name: 'organization_id', type: 'uuid' }) organizationId!: string;
  @Column({ name: 'opted_out_at', type: 'timestamptz', default: () => 'now()' }) optedOutAt!: Date;
}
