import { MetricsController } from '@app/platform';
import { Controller } from '@nestjs/common';
import { Public } from '../auth/auth.decorators.js';

/** The platform's /metrics, open like the health routes: Prometheus scrapes without a token. */
@Public()
@Controller()
export class GatewayMetricsController extends MetricsController {}
