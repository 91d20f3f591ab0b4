import { Module } from '@nestjs/common';
import { CallOutcomesConsumer } from './call-outcomes.consumer.js';
import { CompaniesController } from './companies.controller.js';
import { CompaniesRepository } from './companies.repository.js';
import { CompaniesService } from './companies.service.js';
import { SearchVocabularyPruning } from './search-vocabulary-pruning.js';

@Module({
  controllers: [CompaniesController],
  providers: [CompaniesService, CompaniesRepository, SearchVocabularyPruning, CallOutcomesConsumer],
})
export class CompaniesModule {}
