// Plain values, free of decorators, so that the web app can import them without the DTOs.

/** INSEE "tranches d'effectifs" codes. */
export const SIZE_BANDS = ['NN', '00', '01', '02', '03', '11', '12', '21', '22', '31', '32', '41', '42', '51', '52', '53'] as const;
export type SizeBand = (typeof SIZE_BANDS)[number];

/** An import job's lifecycle: `queued` → `running` → `done` or `failed`. */
export const IMPORT_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];
