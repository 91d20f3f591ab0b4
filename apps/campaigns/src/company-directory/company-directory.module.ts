import { Module } from '@nestjs/common';
import { TargetsModule } from '../targets/targets.module.js';
import { CompanyDirectoryConsumer } from './company-directory.consumer.js';

@Module({ imports: [TargetsModule], providers: [CompanyDirectoryConsumer] })
export class CompanyDirectoryModule {}
