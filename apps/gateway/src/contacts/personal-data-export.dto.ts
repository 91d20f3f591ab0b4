import { DATE_TIME_PROPERTY, UUID_PROPERTY } from '@app/contracts';
import { ApiProperty } from '@nestjs/swagger';

/** `GET /contacts/{id}/export`: everything held about a person, one section per service. */
export class PersonalDataExport {
  @ApiProperty(UUID_PROPERTY) contactId!: string;
  @ApiProperty(DATE_TIME_PROPERTY) exportedAt!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'object', additionalProperties: true },
    description: 'By service: what it holds about the person, by kind of record',
    example: { contacts: { contact: {}, auditTrail: [] }, campaigns: { contactOptOut: null } },
  })
  sections!: Record<string, Record<string, unknown>>;
}
