// The inbox's live stream (server-sent events): each open console gets its tenant's InboxEvent values as they are
// published in this process (ids and states only), and the overview counts whenever they change. The counts are
// computed once per tenant per burst (debounced), not once per open console, and refreshed now and then because
// deadlines pass without anyone changing anything.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { InboxCounts, InboxEvent } from '../../../common/contracts/inbox.ts';
import type { AppDeps } from '../../platform/context.ts';
import { on } from '../../platform/events.ts';
import { streamEvents } from '../../platform/sse.ts';
import * as repo from './conversations.repository.ts';

/** Changes within this window are counted once. */
export const COUNTS_DEBOUNCE_MS = 500;
/** Overdue grows with the clock alone: recount this often while anyone watches. */
const COUNTS_REFRESH_MS = 30_000;
/** How often a stream looks for queued events (in memory: cheap). */
const FLUSH_MS = 250;

interface Subscriber {
  userId: string;
  push(event: InboxEvent): void;
  lastCounts: string | null;
}

interface TenantCounts {
  totals: Omit<InboxCounts, 'mine'>;
  mine: Map<string, number>;
}

interface TenantWatch {
  subs: Set<Subscriber>;
  debounce: NodeJS.Timeout | null;
  refresh: NodeJS.Timeout;
}

/** One per process (made by inboxRoutes): the open inbox streams by tenant. */
export class InboxStreams {
  private readonly tenants = new Map<string, TenantWatch>();
  private readonly off: () => void;

  constructor(private readonly deps: AppDeps) {
    this.off = on('inbox.changed', ({ tenantId, event }) => this.dispatch(tenantId, event));
  }

  close() {
    this.off();
    for (const w of this.tenants.values()) this.stopWatch(w);
    this.tenants.clear();
  }

  /** Streams to one console until it goes away; the first event carries the current counts. */
  async serve(req: FastifyRequest, reply: FastifyReply, tenantId: string, userId: string, maxEvents?: number) {
    const queue: InboxEvent[] = [];
    let state = { seq: 0, events: [] as InboxEvent[] };
    const sub: Subscriber = { userId, push: (e) => queue.push(e), lastCounts: null };
    this.deliverCounts(sub, await this.computeCounts(tenantId));
    const unsubscribe = this.subscribe(tenantId, sub);
    try {
      await streamEvents(req, reply, {
        event: 'inbox',
        intervalMs: FLUSH_MS,
        maxEvents,
        poll: async () => {
          if (queue.length) state = { seq: state.seq + 1, events: queue.splice(0) };
          return state;
        },
      });
    } finally {
      unsubscribe();
    }
  }

  private subscribe(tenantId: string, sub: Subscriber) {
    let watch = this.tenants.get(tenantId);
    if (!watch) {
      const refresh = setInterval(() => this.recount(tenantId), COUNTS_REFRESH_MS);
      refresh.unref();
      watch = { subs: new Set(), debounce: null, refresh };
      this.tenants.set(tenantId, watch);
    }
    watch.subs.add(sub);
    return () => {
      const w = this.tenants.get(tenantId);
      if (!w) return;
      w.subs.delete(sub);
      if (!w.subs.size) {
        this.stopWatch(w);
        this.tenants.delete(tenantId);
      }
    };
  }

  private stopWatch(w: TenantWatch) {
    clearInterval(w.refresh);
    if (w.debounce) clearTimeout(w.debounce);
  }

  private dispatch(tenantId: string, event: InboxEvent) {
    const watch = this.tenants.get(tenantId);
    if (!watch) return;
    if (event.type === 'counts') return; // counts are per person: each stream gets its own below
    for (const sub of watch.subs) sub.push(event);
    if (event.type === 'presence' || watch.debounce) return;
    watch.debounce = setTimeout(() => {
      watch.debounce = null;
      this.recount(tenantId);
    }, COUNTS_DEBOUNCE_MS);
    watch.debounce.unref();
  }

  private recount(tenantId: string) {
    this.computeCounts(tenantId).then(
      (counts) => {
        for (const sub of this.tenants.get(tenantId)?.subs ?? []) this.deliverCounts(sub, counts);
      },
      (err) => this.deps.log.warn({ err, tenantId }, 'inbox counts for the stream failed'),
    );
  }

  private deliverCounts(sub: Subscriber, counts: TenantCounts) {
    const mine = { ...counts.totals, mine: counts.mine.get(sub.userId) ?? 0 };
    const json = JSON.stringify(mine);
    if (json === sub.lastCounts) return;
    sub.lastCounts = json;
    sub.push({ type: 'counts', counts: mine });
  }

  private computeCounts(tenantId: string): Promise<TenantCounts> {
    return this.deps.db.withTenant(tenantId, async (tx) => {
      const { mine: _none, ...totals } = await repo.counts(tx, tenantId, null);
      const mine = new Map((await repo.countsByAssignee(tx, tenantId)).map((r) => [r.assignee_id, r.n] as const));
      return { totals, mine };
    });
  }
}
