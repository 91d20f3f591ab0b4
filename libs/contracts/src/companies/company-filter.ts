import { PickType } from '@nestjs/swagger';
import { Request as ListCompaniesRequest } from './list-companies.contract.js';

/**
 * A selection of the organisation's companies by the filters of GET /companies (same fields, same
 * checks, same meaning): what a campaign's targets are added by.
 */
export class CompanyFilter extends PickType(ListCompaniesRequest, ['q', 'naf', 'rome', 'postalCode', 'city', 'sizeBand', 'tag'] as const) {}
