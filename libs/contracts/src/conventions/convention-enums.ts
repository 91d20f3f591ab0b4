/** A party signs the convention (its managers change it) or joins it as a partner (reads it, carries actions). */
export const PARTY_ROLES = ['signatory', 'partner'] as const;
export type PartyRole = (typeof PARTY_ROLES)[number];

export const ACTION_STATUSES = ['planned', 'in_progress', 'done', 'dropped'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
/** An action still to do: overdue once its day is past (Europe/Paris). */
export const OPEN_ACTION_STATUSES: readonly ActionStatus[] = ['planned', 'in_progress'];

/**
 * What an indicator counts. Every metric but `manual` follows the calls logged in the convention's
 * campaigns (docs/conventions.md); `manual` is set by PATCH.
 */
export const INDICATOR_METRICS = ['companies_contacted', 'calls_logged', 'companies_reached', 'meetings', 'offers_detected', 'apprenticeship_offers', 'manual'] as const;
export type IndicatorMetric = (typeof INDICATOR_METRICS)[number];

export const CONVENTION_TITLE_MAX_LENGTH = 200;
export const CONVENTION_REFERENCE_MAX_LENGTH = 100;
export const CONVENTION_TEXT_MAX_LENGTH = 5_000;
export const AXIS_CODE_MAX_LENGTH = 20;
/** Letters, digits, `-` and `_`: an axis code is typed in reports and CSV files. */
export const AXIS_CODE_PATTERN = /^[A-Za-z0-9_-]+$/;
export const PARTIES_MAX_ITEMS = 50;
export const AXES_MAX_ITEMS = 20;
export const INDICATOR_CAMPAIGNS_MAX_ITEMS = 100;
/** Targets and values: counts that fit PostgreSQL's integer. */
export const INDICATOR_AMOUNT_MAX = 2_147_483_647;
