// Delivery engine: messages fanned out to one delivery per recipient × channel, batched jobs, receipts, retries,
// failover between providers, fallback to the next channel, metrics.
export { deliveryPublicRoutes } from './delivery.public.routes.ts';
export { deliveryRoutes } from './delivery.routes.ts';
export { providerRoutes } from './providers.routes.ts';
export { acceptSend, normalizePhone } from './delivery.service.ts';
export { runtimeFor, sendBatchJob, startInboundEmail, startSweeper, sweepDeliveries } from './delivery.jobs.ts';
