// Per-process delivery state: adapter instances per provider, provider choice by weight × health, health
// bookkeeping (failover), provider pauses after throttling, and per-provider rate limits through the database.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import '../../channels/index.ts';
import { senderFactoryFor, type ProviderRecord } from '../../channels/registry.ts';
import type { ChannelEvents, ChannelKind, ChannelSender, SendResult } from '../../channels/types.ts';
import type { AppDeps } from '../../platform/context.ts';
import * as providerRepo from './providers.repository.ts';

const PROVIDER_CACHE_MS = 5_000;
const RECOVERY_STEP_MS = 60_000;

interface Health {
  ok: number;
  failed: number;
  latencyMs: number;
  lastChange: number;
}

export class DeliveryRuntime {
  private senders = new Map<string, { updatedAt: number; sender: Promise<ChannelSender> }>();
  private providerCache = new Map<string, { at: number; list: Promise<ProviderRecord[]> }>();
  private health = new Map<string, Health>();
  private pausedUntil = new Map<string, number>();
  private lastChange = new Map<string, number>();
  private leaseTimer: NodeJS.Timeout | null = null;
  /** Names this process in provider connection leases. */
  readonly holder = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;

  constructor(
    readonly deps: AppDeps,
    readonly events: ChannelEvents,
  ) {}

  async providersFor(tenantId: string, channel: ChannelKind): Promise<ProviderRecord[]> {
    const key = `${tenantId}:${channel}`;
    const hit = this.providerCache.get(key);
    if (hit && Date.now() - hit.at < PROVIDER_CACHE_MS) return hit.list;
    const list = providerRepo
      .loadUsableProviders(this.deps.db, tenantId, channel)
      .then((rows) => rows.map((r) => providerRepo.toRecord(this.deps.config.secretKey, r)));
    this.providerCache.set(key, { at: Date.now(), list });
    list.catch(() => this.providerCache.delete(key));
    return list;
  }

  forgetProviders() {
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

  private async openSender(p: ProviderRecord): Promise<ChannelSender> {
    if (p.maxConnections) {
      // the provider allows only so many connections across all workers: hold a slot while connected
      const slot = await providerRepo.takeLease(this.deps.db, p.id, p.maxConnections, this.holder);
      if (slot === null) throw new NoFreeConnection(p);
      this.leaseTimer ??= setInterval(() => void providerRepo.renewLeases(this.deps.db, this.holder).catch(() => {}), 20_000).unref();
    }
    return senderFactoryFor(p.kind)(p, { events: this.events, log: this.deps.log.child({ provider: p.id, kind: p.kind }), config: this.deps.config, db: this.deps.db });
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
    if (result.ok || result.permanent) h.ok++; // a permanent error is the address's fault, not the provider's
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
    for (const { sender } of this.senders.values()) await sender.then((s) => s.close()).catch(() => {});
    this.senders.clear();
    if (this.leaseTimer) clearInterval(this.leaseTimer);
    await providerRepo.releaseLeases(this.deps.db, this.holder).catch(() => {});
  }
}

/** Every connection slot of the provider is held by other workers; the send is retried later or elsewhere. */
export class NoFreeConnection extends Error {
  constructor(readonly provider: ProviderRecord) {
    super(`no free connection to ${provider.name}: all ${provider.maxConnections} are held by other workers`);
  }
}

const runtimes = new WeakMap<AppDeps['db'], DeliveryRuntime>();

export function deliveryRuntime(deps: AppDeps, makeEvents: (rt: () => DeliveryRuntime) => ChannelEvents): DeliveryRuntime {
  let rt = runtimes.get(deps.db);
  if (!rt) {
    const created: DeliveryRuntime = new DeliveryRuntime(deps, makeEvents(() => created));
    rt = created;
    runtimes.set(deps.db, rt);
  }
  return rt;
}
