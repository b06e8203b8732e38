// Prometheus metrics of the delivery pipeline, per tenant, channel and provider.
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { Database } from '../../platform/db/client.ts';
import { queueDepth } from './delivery.sweeper.ts';

export interface DeliveryMetrics {
  transitions: Counter<'tenant' | 'channel' | 'provider' | 'status'>;
  handoff: Histogram<'channel' | 'provider'>;
}

/** Registers the metrics once per process (the delivery runtime calls this when it is created). */
export function createDeliveryMetrics(registry: Registry, db: Database): DeliveryMetrics {
  const m: DeliveryMetrics = {
    transitions: new Counter({
      name: 'civicast_deliveries_total',
      help: 'Deliveries reaching a status (queued, sent, delivered, failed, expired)',
      labelNames: ['tenant', 'channel', 'provider', 'status'],
      registers: [registry],
    }),
    handoff: new Histogram({
      name: 'civicast_delivery_handoff_seconds',
      help: 'Time a provider took to accept one message',
      labelNames: ['channel', 'provider'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
  };
  new Gauge({
    name: 'civicast_delivery_queue_depth',
    help: 'Deliveries waiting to be sent, per channel',
    labelNames: ['channel'],
    registers: [registry],
    async collect() {
      const rows = await queueDepth(db);
      this.reset();
      for (const r of rows) this.set({ channel: r.channel }, Number(r.n));
    },
  });
  return m;
}
