import { Module } from '@nestjs/common';
import { TargetsModule } from '../targets/targets.module.js';
import { CompanyDirectoryConsumer } from './company-directory.consumer.js';
import { CompanySummaryRepository } from './company-summary.repository.js';

@Module({ imports: [TargetsModule], providers: [CompanyDirectoryConsumer, CompanySummaryRepository] })
export class CompanyDirectoryModule {}
