import { type Envelope, GetImport, StartImport } from '@app/contracts';
import { envelopeOf } from '@app/platform';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ImportsService } from './imports.service.js';

@Controller()
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  @MessagePattern(StartImport.subject)
  start(@Payload(envelopeOf(StartImport.Request)) envelope: Envelope<StartImport.Request>): Promise<StartImport.Response> {
    return this.imports.start(envelope);
  }

  @MessagePattern(GetImport.subject)
  get(@Payload(envelopeOf(GetImport.Request)) { actor, data }: Envelope<GetImport.Request>): Promise<GetImport.Response> {
    return this.imports.get(actor, data.id);
  }
}
