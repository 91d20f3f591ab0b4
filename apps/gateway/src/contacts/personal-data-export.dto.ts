import { ApiProperty } from '@nestjs/swagger';

/** `GET /contacts/{id}/export`: everything held about a person, one section per service. */
export class PersonalDataExport {
  @ApiProperty({ format: 'uuid' }) contactId!: string;
  @ApiProperty({ format: 'date-time' }) exportedAt!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'object', additionalProperties: true },
    description: 'By service: what it holds about the person, by kind of record',
    example: { contacts: { contact: {}, auditTrail: [] }, campaigns: { contactOptOut: null } },
  })
  sections!: Record<string, Record<string, unknown>>;
}
