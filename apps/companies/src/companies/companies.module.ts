import { Module } from '@nestjs/common';
import { CompaniesController } from './companies.controller.js';
import { CompaniesRepository } from './companies.repository.js';
import { CompaniesService } from './companies.service.js';
import { SearchVocabularyPruning } from './search-vocabulary-pruning.js';

@Module({
  controllers: [CompaniesController],
  providers: [CompaniesService, CompaniesRepository, SearchVocabularyPruning],
})
export class CompaniesModule {}
