import { ValidateIf } from 'class-validator';

/**
 * The field may be absent; when it is present, `null` included, its checks apply. class-validator's
 * IsOptional also lets `null` through, which is right only where the contract gives null a meaning
 * (clearing a nullable field, asking for an estimate); elsewhere null would reach a NOT NULL column.
 */
export const OptionalNotNull = (): PropertyDecorator => ValidateIf((_object: object, value: unknown) => value !== undefined);

/**
 * The field must be there; `null` is a value it may hold, which skips its checks. For what services
 * send each other (events): a field missing from a message is a producer's mistake, not a null.
 */
export const PresentOrNull = (): PropertyDecorator => ValidateIf((_object: object, value: unknown) => value !== null);
