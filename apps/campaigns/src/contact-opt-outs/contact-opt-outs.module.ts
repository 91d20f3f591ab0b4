import { Module } from '@nestjs/common';
import { ContactOptOutsConsumer } from './contact-opt-outs.consumer.js';
import { PersonalDataController } from './personal-data.controller.js';

@Module({ controllers: [PersonalDataController], providers: [ContactOptOutsConsumer] })
export class ContactOptOutsModule {}
