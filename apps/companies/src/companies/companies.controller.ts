import { CheckCompany, CreateCompany, DeleteCompany, type Envelope, GetCompany, ListCompanies, ResolveTargets, UpdateCompany } from '@app/contracts';
import { envelopeOf } from '@app/platform';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CompaniesService } from './companies.service.js';

@Controller()
export class CompaniesController {
  constructor(private readonly companies: CompaniesService) {}

  @MessagePattern(CreateCompany.subject)
  create(@Payload(envelopeOf(CreateCompany.Request)) envelope: Envelope<CreateCompany.Request>): Promise<CreateCompany.Response> {
    return this.companies.create(envelope);
  }

  @MessagePattern(GetCompany.subject)
  get(@Payload(envelopeOf(GetCompany.Request)) { actor, data }: Envelope<GetCompany.Request>): Promise<GetCompany.Response> {
    return this.companies.get(actor, data.id);
  }

  @MessagePattern(ListCompanies.subject)
  list(@Payload(envelopeOf(ListCompanies.Request)) { actor, data }: Envelope<ListCompanies.Request>): Promise<ListCompanies.Response> {
    return this.companies.list(actor, data);
  }

  @MessagePattern(UpdateCompany.subject)
  update(@Payload(envelopeOf(UpdateCompany.Request)) envelope: Envelope<UpdateCompany.Request>): Promise<UpdateCompany.Response> {
    return this.companies.update(envelope);
  }

  @MessagePattern(CheckCompany.subject)
  check(@Payload(envelopeOf(CheckCompany.Request)) { actor, data }: Envelope<CheckCompany.Request>): Promise<CheckCompany.Response> {
    return this.companies.check(actor, data);
  }

  @MessagePattern(DeleteCompany.subject)
  delete(@Payload(envelopeOf(DeleteCompany.Request)) envelope: Envelope<DeleteCompany.Request>): Promise<DeleteCompany.Response> {
    return this.companies.delete(envelope);
  }

  @MessagePattern(ResolveTargets.subject)
  resolveTargets(@Payload(envelopeOf(ResolveTargets.Request)) { actor, data }: Envelope<ResolveTargets.Request>): Promise<ResolveTargets.Response> {
    return this.companies.resolveTargets(actor, data);
  }
}
