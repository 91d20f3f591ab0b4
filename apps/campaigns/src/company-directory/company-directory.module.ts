import { Module } from '@nestjs/common';
import { CompanyDirectoryConsumer } from './company-directory.consumer.js';
import { CompanySummaryRepository } from './company-summary.repository.js';

@Module({ providers: [CompanyDirectoryConsumer, CompanySummaryRepository] })
export class CompanyDirectoryModule {}
