import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Min, ValidateNested } from 'class-validator';

export const ROLES = ['admin', 'manager', 'volunteer', 'viewer'] as const;
/** A role inside an organisation; `admin` is the platform administrator. */
export type Role = (typeof ROLES)[number];

/** Who is asking. Set by the gateway from the verified token; services scope every query by it. */
export class Actor {
  @IsUUID() userId!: string;
  /** The tenant: every row a service reads or writes belongs to this organisation. */
  @IsUUID() organizationId!: string;
  @IsIn(ROLES) role!: Role;
}

/** An `Idempotency-Key` and the fingerprint of the request it protects (method, path and body). */
export class IdempotencyClaim {
  @IsString() @Length(1, 255) key!: string;
  @IsString() @Length(64, 64) fingerprint!: string;
}

/**
 * What travels on every request subject: the actor, the request id (also in the `x-request-id`
 * NATS header), when the caller stops waiting (`deadline`) and the contract's own payload in `data`.
 */
export class Envelope<T> {
  // ValidateNested skips undefined: without IsDefined an envelope with no actor would pass.
  @IsDefined() @ValidateNested() @Type(() => Actor) actor!: Actor;
  @IsString() @Length(1, 200) requestId!: string;
  @IsOptional() @ValidateNested() @Type(() => IdempotencyClaim) idempotency?: IdempotencyClaim;
  /**
   * When the caller gives up waiting (epoch milliseconds, its own clock): a service starts no work
   * past it and rolls back a write that reaches its commit past it, so an answer the caller never
   * saw never changes anything. An absolute time and not a budget measured on receipt: a request
   * held in a paused or saturated process's socket buffer would look fresh when read at last.
   * Hosts keep their clocks in sync (NTP: milliseconds apart, against timeouts of seconds).
   */
  @IsOptional() @IsInt() @Min(0) deadline?: number;
  data!: T;
}

/** A request/reply contract: the subject plus the payload and reply classes. */
export interface RequestContract<TRequest = unknown, TResponse = unknown> {
  readonly subject: string;
  readonly Request: new () => TRequest;
  readonly Response?: new () => TResponse;
}

/**
 * An event contract: the JetStream subject, the payload class and the version of the payload's
 * shape. A change a consumer built against the old shape would misread (a field removed, renamed
 * or given another meaning) takes a new version; adding an optional field does not. Producers write
 * `version` into every event's meta; a consumer reads the versions in `readableVersions` (default:
 * `version` only) and parks any other, instead of failing on it.
 */
export interface EventContract<TPayload = unknown> {
  readonly subject: string;
  readonly Payload: new () => TPayload;
  readonly version: number;
  readonly readableVersions?: readonly number[];
}

/** The versions of an event a consumer built against `contract` can read. */
export const readableVersions = (contract: EventContract): readonly number[] => contract.readableVersions ?? [contract.version];

/** What every event carries besides its own fields. */
export interface EventMeta {
  eventId: string;
  occurredAt: string;
  organizationId: string;
  requestId?: string;
  /** The contract's version the payload follows; absent on events written before versions existed, which are version 1. */
  version?: number;
}

/** Header carrying the request id through NATS. */
export const REQUEST_ID_HEADER = 'x-request-id';
/** JetStream stream holding every domain event. */
export const EVENTS_STREAM = 'FILON_EVENTS';
/** Events live under `events.<service>.<entity>.<verb>`, disjoint from request subjects `<service>.v1.…`. */
export const EVENTS_SUBJECT_PREFIX = 'events.';
