import { ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { DAY_PROPERTY, Day } from '../common/calendar-day.js';
import { ConventionReport } from './convention-progress.dto.js';

/** `?from=&to=` of the report: both optional (the convention's first day; today in Europe/Paris). */
@ApiSchema({ name: 'ConventionReportQuery' })
export class ReportPeriod {
  @ApiPropertyOptional({ ...DAY_PROPERTY, description: "Default: the convention's startsOn" })
  @IsOptional() @Day() from?: string;

  @ApiPropertyOptional({ ...DAY_PROPERTY, description: 'Included; default: today (Europe/Paris); on or after from' })
  @IsOptional() @Day() to?: string;
}

/** The steering-committee report of a convention over a period (every party reads it). */
export const subject = 'conventions.v1.convention.report';
export class Request extends ReportPeriod {
  @IsUUID() id!: string;
}
export class Response extends ConventionReport {}
