import { Module } from '@nestjs/common';
import { CallsModule } from '../calls/calls.module.js';
import { ContactOptOutsConsumer } from './contact-opt-outs.consumer.js';
import { PersonalDataController } from './personal-data.controller.js';

@Module({ imports: [CallsModule], controllers: [PersonalDataController], providers: [ContactOptOutsConsumer] })
export class ContactOptOutsModule {}
