// Delivery engine: messages fanned out to one delivery per recipient × channel, batched jobs, receipts, retries,
// failover between providers, fallback to the next channel, metrics.
export { deliveryPublicRoutes } from './delivery.public.routes.ts';
export { deliveryRoutes } from './delivery.routes.ts';
export { providerRoutes } from './providers.routes.ts';
export type { SendInput } from './delivery.schemas.ts';
export {
  type AcceptedSend,
  acceptSend,
  enqueueSend,
  normalizePhone,
  type PreparedSend,
  sendTransactional,
  type TransactionalMessage,
  writeTransactional,
} from './delivery.service.ts';
export { sendBatchJob, startInboundEmail } from './delivery.jobs.ts';
export { startSweeper, sweepDeliveries } from './delivery.sweeper.ts';
export { DeliveryRuntime, type ResidentHooks } from './delivery.runtime.ts';
