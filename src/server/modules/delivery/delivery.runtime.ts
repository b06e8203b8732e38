// Per-process delivery state, created once at start (src/server/deps.ts) and handed around as deps.delivery:
// adapter instances per provider, provider choice by weight × health, health bookkeeping (failover), provider
// pauses after throttling, per-provider rate limits through the database, metrics, and short-lived caches.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import { senderFactoryFor } from '../../channels/index.ts';
import type { VapidKeys } from '../../channels/push/index.ts';
import type { ProviderRecord } from '../../channels/registry.ts';
import type { ChannelEvents, ChannelKind, ChannelSender, SendResult } from '../../channels/types.ts';
import { loadVapidKeys } from '../../channels/vapid-source.ts';
import { fetchFresh } from '../../platform/cache.ts';
import type { AppDeps } from '../../platform/context.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import type { TenantBrand } from './delivery.compose.ts';
import { createChannelEvents } from './delivery.events.ts';
import { loadTenantBrand } from './delivery.repository.ts';
import { createDeliveryMetrics, type DeliveryMetrics } from './delivery.metrics.ts';
import { UrgentGate, UrgentHolds } from './delivery.urgent-gate.ts';
import * as providerRepo from './providers.repository.ts';

const PROVIDER_CACHE_MS = 5_000;
const BRAND_CACHE_MS = 10_000;
const RECOVERY_STEP_MS = 60_000;

/**
 * What delivery needs from the residents module. Residents builds on delivery (it sends codes and links), so
 * delivery does not import it: the composition root (src/server/deps.ts) hands these functions in.
 */
export interface ResidentHooks {
  /** An inbound SMS: STOP and its variants withdraw the sender's consent; true when it did. */
  stopKeyword(tenantId: string | null, fromPhone: string, text: string): Promise<boolean>;
  /** An e-mail unsubscribe link was used: the residents with this address lose the e-mail channel. */
  emailUnsubscribed(tenant: TenantRow, address: string): Promise<number>;
  /** The resident signed in to this tenant's portal on this request, if any (push subscriptions become theirs). */
  signedInResident(req: FastifyRequest, tenantId: string): Promise<string | null>;
}

interface Health {
  ok: number;
  failed: number;
  latencyMs: number;
  lastChange: number;
}

/** Work started outside the job queue (first urgent batches, delivery.jobs.ts): bounded, and awaited at shutdown. */
export class DirectRuns {
  private running = new Set<Promise<void>>();
  constructor(readonly limit: number) {}
  /** Whether fewer than `limit` runs are under way. */
  hasRoom(): boolean {
    return this.running.size < this.limit;
  }
  /** Starts `work` when fewer than `limit` runs are under way; false when the caller must queue it instead. */
  tryRun(work: () => Promise<void>): boolean {
    if (!this.hasRoom()) return false;
    this.run(work);
    return true;
  }
  /** Starts `work` whatever the limit: for work that cannot be queued (rows this process has claimed already). */
  run(work: () => Promise<void>): void {
    const run = work().finally(() => this.running.delete(run));
    this.running.add(run);
  }
  async settle(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }
}

// first batches are small (10 rows per channel): fifty towns warning at once have 100 of them, and with 16 direct
// slots (as many as the urgent lane's workers) 83 of those still went through the queue (bench:alerts)
const DIRECT_RUNS = 128;

// later batches hold up to 500 rows each (a warning to a whole town has many): a bound on how many one process claims
// and sends beside its other work, the rest go through the queue to every worker
const LATER_RUNS = 64;

export class DeliveryRuntime {
  /** Warnings and transactional batches of this process hold bulk batches back (delivery.jobs.ts). */
  readonly urgentGate = new UrgentGate();
  /** The gate's link to the other processes on the same database: their urgent work holds this one's bulk batches. */
  readonly urgentHolds: UrgentHolds;
  /** Urgent sends being accepted in this process (delivery.jobs.ts): their later batches wait for these. */
  readonly accepting = new UrgentGate();
  /** First urgent batches worked by the process that accepted them (delivery.jobs.ts). */
  readonly directRuns = new DirectRuns(DIRECT_RUNS);
  /** Later urgent batches worked by the process that accepted them, once its accepts are done (delivery.jobs.ts). */
  readonly laterRuns = new DirectRuns(LATER_RUNS);
  /** When this process last polled each IMAP mailbox, and which polls run now (imap-poll.job.ts). */
  readonly imapPolls = { lastPolled: new Map<string, number>(), running: new Set<string>() };
  private senders = new Map<string, { updatedAt: number; sender: Promise<ChannelSender> }>();
  // a failed load is not kept (lru-cache drops rejected fetches), so the next batch asks the database again
  private providerCache = new LRUCache<string, Record<ChannelKind, ProviderRecord[]>>({
    max: 10_000,
    ttl: PROVIDER_CACHE_MS,
    fetchMethod: async (tenantId) => {
      const { providers: byChannel } = await this.loadTenant(tenantId);
      const records = (rows: (typeof byChannel)[ChannelKind]) => rows.map((r) => providerRepo.toRecord(this.deps.config.secretKey, r));
      return { sms: records(byChannel.sms), email: records(byChannel.email), push: records(byChannel.push) };
    },
  });
  private brands = new LRUCache<string, TenantBrand>({
    max: 10_000,
    ttl: BRAND_CACHE_MS,
    fetchMethod: async (tenantId) => (await this.loadTenant(tenantId)).brand,
  });
  // A town's first batch needs its providers and its brand at once (warm() asks for both): they come in one tenant
  // transaction, which both caches' loads share while it runs. Fifty towns warning together made 100 transactions of
  // them beside the 50 accepts, all taking connections from the same pool.
  private tenantLoads = new Map<string, ReturnType<DeliveryRuntime['readTenant']>>();
  private loadTenant(tenantId: string) {
    let load = this.tenantLoads.get(tenantId);
    if (!load) {
      const started = this.readTenant(tenantId);
      const done = () => {
        if (this.tenantLoads.get(tenantId) === started) this.tenantLoads.delete(tenantId);
      };
      started.then(done, done);
      this.tenantLoads.set(tenantId, (load = started));
    }
    return load;
  }
  private readTenant(tenantId: string) {
    return this.deps.db.withTenant(tenantId, async (tx) => ({
      brand: await loadTenantBrand(tx, tenantId),
      providers: await providerRepo.loadUsableProviders(tx, tenantId),
    }));
  }
  private vapid: Promise<VapidKeys> | null = null;
  private health = new Map<string, Health>();
  private pausedUntil = new Map<string, number>();
  private lastChange = new Map<string, number>();
  private leaseTimer: NodeJS.Timeout | null = null;
  /** Names this process in provider connection leases and in the urgent holds it announces. */
  readonly holder = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;

  readonly events: ChannelEvents;
  readonly metrics: DeliveryMetrics;

  constructor(
    readonly deps: AppDeps,
    readonly residents: ResidentHooks,
  ) {
    this.metrics = createDeliveryMetrics(deps.registry, deps.db);
    this.urgentHolds = new UrgentHolds(this.urgentGate, () => deps.jobs, this.holder, deps.log);
    this.events = createChannelEvents(deps, () => this);
  }

  async providersFor(tenantId: string, channel: ChannelKind): Promise<ProviderRecord[]> {
    // a load overtaken by forgetProviders is loaded again, so a changed provider is seen at once
    return (await fetchFresh(this.providerCache, tenantId))?.[channel] ?? [];
  }

  /** Name, slug and senders of a tenant, as the messages of a batch show them. */
  async brandOf(tenantId: string): Promise<TenantBrand> {
    const brand = await fetchFresh(this.brands, tenantId);
    if (!brand) throw new Error(`tenant ${tenantId} not found`);
    return brand;
  }

  /** The installation's VAPID key pair, made at the first start and kept (browser subscriptions stay valid). */
  vapidKeys(): Promise<VapidKeys> {
    if (!this.vapid) {
      const keys = loadVapidKeys(this.deps);
      keys.catch(() => {
        if (this.vapid === keys) this.vapid = null;
      });
      this.vapid = keys;
    }
    return this.vapid;
  }

  forgetProviders() {
    this.tenantLoads.clear(); // a read that began before the change is not shared with the loads after it
    this.providerCache.clear();
  }

  /** Weighted random choice by configured weight × health factor; paused providers only when all are paused. */
  choose(list: ProviderRecord[]): ProviderRecord {
    if (list.length === 1) return list[0];
    const now = Date.now();
    const awake = list.filter((p) => (this.pausedUntil.get(p.id) ?? 0) <= now);
    const pool = awake.length ? awake : list;
    const weights = pool.map((p) => Math.max(0.0001, p.weight * this.factorOf(p)));
    let pick = Math.random() * weights.reduce((a, b) => a + b, 0);
    for (let i = 0; i < pool.length; i++) {
      pick -= weights[i];
      if (pick <= 0) return pool[i];
    }
    return pool[pool.length - 1];
  }

  private factorOf(p: ProviderRecord): number {
    return p.healthFactor;
  }

  async sender(p: ProviderRecord): Promise<ChannelSender> {
    const cached = this.senders.get(p.id);
    if (cached && cached.updatedAt === p.updatedAt.getTime()) return cached.sender;
    if (cached) void cached.sender.then((s) => s.close()).catch(() => {});
    const sender = this.openSender(p);
    this.senders.set(p.id, { updatedAt: p.updatedAt.getTime(), sender });
    sender.catch(() => this.senders.delete(p.id));
    return sender;
  }

  /**
   * Opens the senders of a tenant's providers without waiting for them: the SMPP bind and the SMTP and TLS
   * handshakes (and the reads of providers and brand) then run while a warning is still being accepted, not at the
   * start of its first batch. A sender that fails to open is dropped from the cache; its batch opens it again and
   * handles the failure.
   */
  warm(tenantId: string, channels: readonly ChannelKind[]): void {
    // the tenant's name and senders too: every first batch reads them before its claim
    void this.brandOf(tenantId).catch((err: unknown) => this.deps.log.debug({ err, tenantId }, 'tenant brand not loaded ahead'));
    for (const channel of channels) {
      void this.providersFor(tenantId, channel)
        .then((list) => Promise.all(list.map((p) => this.sender(p))))
        .catch((err: unknown) => this.deps.log.debug({ err, tenantId, channel }, 'sender not opened ahead'));
    }
  }

  private async openSender(p: ProviderRecord): Promise<ChannelSender> {
    if (p.maxConnections) {
      // the provider allows only so many connections across all workers: hold a slot while connected
      const slot = await providerRepo.takeLease(this.deps.db, p.id, p.maxConnections, this.holder);
      if (slot === null) throw new NoFreeConnection(p);
      this.leaseTimer ??= setInterval(() => void providerRepo.renewLeases(this.deps.db, this.holder).catch(() => {}), 20_000).unref();
    }
    return senderFactoryFor(p.kind)(p, {
      events: this.events,
      log: this.deps.log.child({ provider: p.id, kind: p.kind }),
      config: this.deps.config,
      db: this.deps.db,
      vapidKeys: () => this.vapidKeys(),
    });
  }

  /** Waits until the provider's shared rate limit grants `n` sends (no limit configured: at once). */
  async acquire(p: ProviderRecord, n: number): Promise<void> {
    const rate = p.ratePerSecond;
    if (!rate) return;
    let missing = n;
    while (missing > 0) {
      missing -= await providerRepo.takeTokens(this.deps.db, p.id, rate, Math.min(missing, rate));
      if (missing > 0) await new Promise((r) => setTimeout(r, Math.min(1000, Math.ceil((missing / rate) * 1000))));
    }
  }

  observe(p: ProviderRecord, result: SendResult, latencyMs: number) {
    const h = this.health.get(p.id) ?? { ok: 0, failed: 0, latencyMs: 0, lastChange: Date.now() };
    if (result.ok || result.permanent)
      h.ok++; // a permanent error is the address's fault, not the provider's
    else h.failed++;
    h.latencyMs += latencyMs;
    this.health.set(p.id, h);
    if (!result.ok && result.retryAfterMs) this.pausedUntil.set(p.id, Date.now() + result.retryAfterMs);
  }

  /** Slow delivery receipts count against a provider as well (seconds from hand-off to receipt). */
  observeReceipt(providerId: string, seconds: number) {
    const h = this.health.get(providerId);
    if (h && seconds > 300) h.failed += 0.5;
  }

  /**
   * Moves weight away from a provider with errors or slow hand-offs and lets it recover over time.
   * Called after each batch; changes of 0.05 or more are logged and stored.
   */
  async flushHealth(list: ProviderRecord[]) {
    for (const p of list) {
      const h = this.health.get(p.id);
      const since = this.lastChange.get(p.id) ?? 0;
      if ((!h || h.ok + h.failed < 5) && p.healthFactor < 1 && Date.now() - since > RECOVERY_STEP_MS) {
        // a provider that gets little traffic recovers with time, so it is tried again
        const next = Math.min(1, Math.round((p.healthFactor + 0.1) * 100) / 100);
        await this.changeFactor(p, next, 'recovering with time');
        continue;
      }
      if (!h || h.ok + h.failed < 5) continue;
      const total = h.ok + h.failed;
      const errorRate = h.failed / total;
      const avgLatency = h.latencyMs / total;
      const target = Math.max(0.05, (1 - errorRate) ** 2 * (avgLatency > 2000 ? 0.5 : 1));
      const next = Math.round((p.healthFactor * 0.5 + target * 0.5) * 100) / 100;
      this.health.delete(p.id);
      if (Math.abs(next - p.healthFactor) < 0.05) continue;
      await this.changeFactor(p, next, `error rate ${(errorRate * 100).toFixed(0)}% over ${total} sends, mean hand-off ${avgLatency.toFixed(0)} ms`);
    }
  }

  private async changeFactor(p: ProviderRecord, next: number, reason: string) {
    this.deps.log.warn({ provider: p.id, from: p.healthFactor, to: next, reason }, 'provider weight changed');
    await providerRepo.saveHealthFactor(this.deps.db, p.id, p.healthFactor, next, reason);
    p.healthFactor = next;
    this.lastChange.set(p.id, Date.now());
  }

  async close() {
    // a first batch under way finishes over the senders it uses
    await this.directRuns.settle();
    await this.laterRuns.settle();
    for (const { sender } of this.senders.values()) await sender.then((s) => s.close()).catch(() => {});
    this.senders.clear();
    if (this.leaseTimer) clearInterval(this.leaseTimer);
    await this.urgentHolds.close();
    await providerRepo.releaseLeases(this.deps.db, this.holder).catch(() => {});
  }
}

/** Every connection slot of the provider is held by other workers; the send is retried later or elsewhere. */
export class NoFreeConnection extends Error {
  constructor(readonly provider: ProviderRecord) {
    super(`no free connection to ${provider.name}: all ${provider.maxConnections} are held by other workers`);
  }
}
