// Counters of the threader. Registered once per registry (per process): a second call finds the first.
import { Counter, type Registry } from 'prom-client';

export interface InboxMetrics {
  throttled: Counter<'channel'>;
}

const THROTTLED = 'civicast_inbox_flood_throttled_total';

export function inboxMetrics(registry: Registry): InboxMetrics {
  const existing = registry.getSingleMetric(THROTTLED) as Counter<'channel'> | undefined;
  const throttled =
    existing ??
    new Counter({
      name: THROTTLED,
      help: 'Inbound messages of a flood (over 20 from one sender in 10 minutes) threaded without reassigning or notifying',
      labelNames: ['channel'],
      registers: [registry],
    });
  return { throttled };
}
