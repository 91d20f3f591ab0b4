import { Global, Module } from '@nestjs/common';
import { ReferenceData } from './reference-data.js';

/** One ReferenceData per service process, loaded at start, for every module (companies, imports). */
@Global()
@Module({ providers: [ReferenceData], exports: [ReferenceData] })
export class ReferenceModule {}
