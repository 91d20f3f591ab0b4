import { Module } from '@nestjs/common';
import { CallsModule } from '../calls/calls.module.js';
import { CompanyDirectoryConsumer } from './company-directory.consumer.js';

@Module({ imports: [CallsModule], providers: [CompanyDirectoryConsumer] })
export class CompanyDirectoryModule {}
