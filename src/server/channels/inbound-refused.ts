// What inbound channels refuse (oversize mail, attachments that fail the checks, forged or malformed webhooks) is
// counted here, so nothing is dropped without a trace. One counter per registry, shared by every adapter.
import { Counter, type Registry } from 'prom-client';

export const INBOUND_REFUSED_METRIC = 'civicast_inbound_refused_total';

export type InboundRefusedCounter = Counter<'channel' | 'reason'>;

/** The process-wide counter in this registry (created on first use); without a registry one that counts only locally. */
export function inboundRefusedCounter(registry?: Registry): InboundRefusedCounter {
  const existing = registry?.getSingleMetric(INBOUND_REFUSED_METRIC);
  if (existing) return existing as InboundRefusedCounter;
  return new Counter({
    name: INBOUND_REFUSED_METRIC,
    help: 'Inbound messages or parts refused (too large, attachment type, forged or malformed webhook), per channel and reason',
    labelNames: ['channel', 'reason'],
    registers: registry ? [registry] : [],
  });
}
