export * from './company.dto.js';
export * from './companies.problems.js';
export * from './company-events.js';
export * as CreateCompany from './create-company.contract.js';
export * as GetCompany from './get-company.contract.js';
export * as UpdateCompany from './update-company.contract.js';
export * as DeleteCompany from './delete-company.contract.js';
export * as ListCompanies from './list-companies.contract.js';
export * from './siret.js';
