import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import type { ServiceName } from '../services.js';

/**
 * Right of access (GDPR art. 15): each service that may hold data about a person answers for
 * itself on `<service>.v1.personal-data.export`, and the gateway gathers the sections. Contacts
 * answers first: it checks that the contact exists in the actor's organisation (404) and that the
 * actor is a manager (403), and records the export in the audit trail.
 */
export class Request {
  @IsUUID() contactId!: string;
  /** The contact's company, for services that file data by company (calls). */
  @IsOptional() @IsUUID() companyId?: string;
}

/** One service's section: what it holds about the person, by kind of record. */
export class Response {
  @ApiProperty() service!: ServiceName;
  @ApiProperty({ type: 'object', additionalProperties: true }) data!: Record<string, unknown>;
}

/** The contact and its audit trail. */
export const ContactsPersonalData = { subject: 'contacts.v1.personal-data.export', Request, Response };
/** Campaigns: the contact's opt-out record today; calls that name the contact when they exist. */
export const CampaignsPersonalData = { subject: 'campaigns.v1.personal-data.export', Request, Response };

/** Every service that answers for personal data, contacts first (it checks access and audits). */
export const PERSONAL_DATA_HOLDERS = [ContactsPersonalData, CampaignsPersonalData] as const;
