import { Header } from '@nestjs/common';

/**
 * A route that answers the service's reply unchanged: the handler returns the JSON text
 * `NatsRpcClient.requestJson` hands over, which is neither parsed nor serialised again here
 * (the two were a tenth of the gateway's CPU per search; issue 12). Routes that read or add to
 * the reply (an ETag from its version, a Location) use `request` instead.
 */
export const ServiceJson = (): MethodDecorator => Header('Content-Type', 'application/json; charset=utf-8');
