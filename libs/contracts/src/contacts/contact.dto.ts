import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { DATE_TIME_PROPERTY, E164_MAX_LENGTH, EMAIL_MAX_LENGTH, PHONE_INPUT_MAX_LENGTH, UUID_PROPERTY } from '../common/limits.js';
import { OptionalNotNull } from '../common/optional-not-null.js';
import { Resource } from '../common/resource.js';
import { trim } from '../common/transforms.js';
import { IsPhone, phoneToE164 } from './phone.js';

/** Why the organisation may hold the person's data (GDPR art. 6): B2B prospecting rests on legitimate interest. */
export const LAWFUL_BASES = ['legitimate_interest', 'consent'] as const;
export type LawfulBasis = (typeof LAWFUL_BASES)[number];

/** The fields of a contact a client writes; the names of these fields are what the audit trail records. */
export const CONTACT_FIELDS = ['firstName', 'lastName', 'jobTitle', 'phone', 'email', 'notes', 'lawfulBasis', 'optedOut'] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];

/** Longest first name, last name and job title. */
const PERSON_TEXT_MAX_LENGTH = 100;
/** Longest free-text notes about a contact. */
const NOTES_MAX_LENGTH = 5000;

/** A new contact. `lastName` is required; `lawfulBasis` defaults to `legitimate_interest`. */
export class ContactFields {
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: PERSON_TEXT_MAX_LENGTH, example: 'Sophie' })
  @IsOptional() @Transform(trim) @IsString() @Length(1, PERSON_TEXT_MAX_LENGTH)
  firstName?: string | null;

  @ApiProperty({ minLength: 1, maxLength: PERSON_TEXT_MAX_LENGTH, example: 'Vandamme' })
  @Transform(trim) @IsString() @Length(1, PERSON_TEXT_MAX_LENGTH)
  lastName!: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: PERSON_TEXT_MAX_LENGTH, example: 'Gérante' })
  @IsOptional() @Transform(trim) @IsString() @Length(1, PERSON_TEXT_MAX_LENGTH)
  jobTitle?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: PHONE_INPUT_MAX_LENGTH, description: 'Stored E.164; French numbers may be typed as 03 28 12 34 56', example: '+33328123456' })
  @IsOptional() @Transform(phoneToE164) @IsPhone() @MaxLength(PHONE_INPUT_MAX_LENGTH)
  phone?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'email', maxLength: EMAIL_MAX_LENGTH })
  @IsOptional() @Transform(trim) @IsEmail() @MaxLength(EMAIL_MAX_LENGTH)
  email?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: NOTES_MAX_LENGTH })
  @IsOptional() @IsString() @MaxLength(NOTES_MAX_LENGTH)
  notes?: string | null;

  @ApiPropertyOptional({ enum: LAWFUL_BASES, default: 'legitimate_interest' })
  @OptionalNotNull() @IsIn(LAWFUL_BASES)
  lawfulBasis?: LawfulBasis;

  @ApiPropertyOptional({ type: Boolean, default: false, description: 'The person objected: never call them again' })
  @OptionalNotNull() @IsBoolean()
  optedOut?: boolean;
}

/**
 * Some fields of a contact. Written out rather than `PartialType(ContactFields)`: PartialType's
 * IsOptional also lets `null` through, and `lastName`, `lawfulBasis` and `optedOut` cannot be null.
 */
export class ContactChanges {
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: PERSON_TEXT_MAX_LENGTH })
  @IsOptional() @Transform(trim) @IsString() @Length(1, PERSON_TEXT_MAX_LENGTH)
  firstName?: string | null;

  @ApiPropertyOptional({ minLength: 1, maxLength: PERSON_TEXT_MAX_LENGTH })
  @OptionalNotNull() @Transform(trim) @IsString() @Length(1, PERSON_TEXT_MAX_LENGTH)
  lastName?: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: PERSON_TEXT_MAX_LENGTH })
  @IsOptional() @Transform(trim) @IsString() @Length(1, PERSON_TEXT_MAX_LENGTH)
  jobTitle?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: PHONE_INPUT_MAX_LENGTH, description: 'Stored E.164' })
  @IsOptional() @Transform(phoneToE164) @IsPhone() @MaxLength(PHONE_INPUT_MAX_LENGTH)
  phone?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'email', maxLength: EMAIL_MAX_LENGTH })
  @IsOptional() @Transform(trim) @IsEmail() @MaxLength(EMAIL_MAX_LENGTH)
  email?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: NOTES_MAX_LENGTH })
  @IsOptional() @IsString() @MaxLength(NOTES_MAX_LENGTH)
  notes?: string | null;

  @ApiPropertyOptional({ enum: LAWFUL_BASES })
  @OptionalNotNull() @IsIn(LAWFUL_BASES)
  lawfulBasis?: LawfulBasis;

  @ApiPropertyOptional({ type: Boolean, description: 'true: the person objected (publishes events.contacts.contact.opted-out)' })
  @OptionalNotNull() @IsBoolean()
  optedOut?: boolean;
}

/** A person at a company: personal data (GDPR). */
export class Contact extends Resource {
  @ApiProperty(UUID_PROPERTY) organizationId!: string;
  @ApiProperty(UUID_PROPERTY) companyId!: string;
  @ApiProperty({ type: String, nullable: true, maxLength: PERSON_TEXT_MAX_LENGTH }) firstName!: string | null;
  @ApiProperty({ maxLength: PERSON_TEXT_MAX_LENGTH }) lastName!: string;
  @ApiProperty({ type: String, nullable: true, maxLength: PERSON_TEXT_MAX_LENGTH }) jobTitle!: string | null;
  @ApiProperty({ type: String, nullable: true, maxLength: E164_MAX_LENGTH, description: 'E.164' }) phone!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'email', maxLength: EMAIL_MAX_LENGTH }) email!: string | null;
  @ApiProperty({ type: String, nullable: true, maxLength: NOTES_MAX_LENGTH }) notes!: string | null;
  @ApiProperty({ enum: LAWFUL_BASES }) lawfulBasis!: LawfulBasis;
  @ApiProperty() optedOut!: boolean;
  @ApiProperty({ ...DATE_TIME_PROPERTY, nullable: true, description: 'When the person objected' }) optedOutAt!: string | null;
}
