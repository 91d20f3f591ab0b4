import { decodePayload, EventBus } from '@app/platform';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { DataSource } from 'typeorm';
import { GatewayEnv } from '../config/gateway.env.js';
import { MembershipEntity } from '../identity/identity.entities.js';
import { MEMBERSHIP_EVENTS_SUBJECTS, MembershipChangedPayload } from '../identity/membership-events.js';

/** What the guard compares a token with: the membership's role and access version now, or none. */
export interface LiveMembership {
  role: MembershipEntity['role'];
  accessVersion: number;
}

type Entry = { membership: LiveMembership | null };

const CACHED_MEMBERSHIPS = 50_000;

/**
 * The live membership behind each access token, cached in this process so that a request whose
 * membership is cached costs no I/O. Every replica drops an entry as soon as an
 * `events.identity.membership.*` event names it (the replica making the change drops it at once);
 * the short expiry (MEMBERSHIP_CACHE_TTL_MS, at most 5 s) bounds what a missed event could cost.
 */
@Injectable()
export class LiveMemberships implements OnApplicationBootstrap {
  private readonly logger = new Logger(LiveMemberships.name);
  private readonly cache: LRUCache<string, Entry>;
  private readonly loading = new Map<string, Promise<LiveMembership | null>>();
  /** Bumped by every invalidation: a load that started before one must not fill the cache. */
  private generation = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly bus: EventBus,
    env: GatewayEnv,
  ) {
    this.cache = new LRUCache<string, Entry>({ max: CACHED_MEMBERSHIPS, ttl: Math.max(1, env.MEMBERSHIP_CACHE_TTL_MS) });
  }

  onApplicationBootstrap(): void {
    this.bus.subscribeLive(MEMBERSHIP_EVENTS_SUBJECTS, (subject, message) => {
      void decodePayload(MembershipChangedPayload, message.data).then((decoded) => {
        if (decoded.valid) return this.forget(decoded.payload.organizationId, decoded.payload.userId);
        // Nothing to drop: the cache's short expiry covers the membership it meant. Field names only.
        this.logger.warn({ subject, fields: decoded.errors.map((error) => error.field) }, 'Membership event unreadable; ignored');
      });
    });
  }

  /** The cached membership (null: cached as none), without waiting; undefined when it must be loaded with `get`. */
  cached(organizationId: string, userId: string): LiveMembership | null | undefined {
    return this.cache.get(keyOf(organizationId, userId))?.membership;
  }

  async get(organizationId: string, userId: string): Promise<LiveMembership | null> {
    const key = keyOf(organizationId, userId);
    const cached = this.cache.get(key);
    if (cached) return cached.membership;
    const inFlight = this.loading.get(key);
    if (inFlight) return inFlight;
    const generation = this.generation;
    const load = this.load(organizationId, userId)
      .then((membership) => {
        if (generation === this.generation) this.cache.set(key, { membership });
        return membership;
      })
      .finally(() => {
        if (this.loading.get(key) === load) this.loading.delete(key);
      });
    this.loading.set(key, load);
    return load;
  }

  /** Drops what this replica knows of the membership (called on every event, and locally after a change). */
  forget(organizationId: string, userId: string): void {
    const key = keyOf(organizationId, userId);
    this.generation++;
    this.cache.delete(key);
    this.loading.delete(key);
  }

  private async load(organizationId: string, userId: string): Promise<LiveMembership | null> {
    const row = await this.dataSource
      .getRepository(MembershipEntity)
      .findOne({ where: { organizationId, userId, status: 'active' }, select: { role: true, accessVersion: true } });
    return row ? { role: row.role, accessVersion: row.accessVersion } : null;
  }
}

const keyOf = (organizationId: string, userId: string) => `${organizationId}/${userId}`;
