import { Module } from '@nestjs/common';
import { ContactOptOutsConsumer } from './contact-opt-outs.consumer.js';
import { ContactOptOutsRepository } from './contact-opt-outs.repository.js';
import { PersonalDataController } from './personal-data.controller.js';

@Module({ controllers: [PersonalDataController], providers: [ContactOptOutsConsumer, ContactOptOutsRepository] })
export class ContactOptOutsModule {}
