import { Module } from '@nestjs/common';
import { CompanyDirectoryConsumer } from './company-directory.consumer.js';

@Module({ providers: [CompanyDirectoryConsumer] })
export class CompanyDirectoryModule {}
