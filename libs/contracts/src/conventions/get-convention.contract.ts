import { IdRequest } from '../common/id-request.js';
import { Convention } from './convention.dto.js';

/** Reads a convention the actor's organisation is a party to. Fails with NotFound (404) otherwise. */
export const subject = 'conventions.v1.convention.get';
export class Request extends IdRequest {}
export class Response extends Convention {}
