import { IdRequest } from '../common/id-request.js';
import { ConventionProgress } from './convention-progress.dto.js';

/** Today's value of each indicator against its target, and the actions by status (every party reads it). */
export const subject = 'conventions.v1.convention.progress';
export class Request extends IdRequest {}
export class Response extends ConventionProgress {}
