/**
 * Bounds shared by validation and the OpenAPI document, so that what is checked and what is
 * documented come from one place. Spread into `@ApiProperty({...})`; the matching class-validator
 * decorators use the same constants.
 */

/** A UUID in its canonical 36-character form. */
export const UUID_PROPERTY = { type: String, format: 'uuid', maxLength: 36 } as const;

/** An ISO 8601 timestamp as JSON carries it (`2026-11-30T09:15:00.000Z`). */
export const DATE_TIME_PROPERTY = { type: String, format: 'date-time', maxLength: 35 } as const;

/** A count or a size that fits PostgreSQL's integer. */
export const COUNT_PROPERTY = { type: 'integer', format: 'int32', minimum: 0, maximum: 2_147_483_647 } as const;

/** `version` of every resource: 1, then one more per change. */
export const VERSION_PROPERTY = { type: 'integer', format: 'int32', minimum: 1, maximum: 2_147_483_647 } as const;

/** Longest opaque `cursor` / `nextCursor`. */
export const CURSOR_MAX_LENGTH = 1000;

/** Longest email address (RFC 5321 path limit). */
export const EMAIL_MAX_LENGTH = 254;

/** Longest person name, organisation name or company name. */
export const NAME_MAX_LENGTH = 200;

/** Longest free-text message the API answers with (problem detail, row error, failure reason). */
export const MESSAGE_MAX_LENGTH = 2000;

/** Longest phone number as typed (`+33 (0)3 28 12 34 56`); stored E.164 is at most 16 characters. */
export const PHONE_INPUT_MAX_LENGTH = 30;
export const E164_MAX_LENGTH = 16;
