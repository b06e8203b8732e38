// Delivery engine: messages fanned out to one delivery per recipient × channel, batched jobs, receipts, retries,
// failover between providers, fallback to the next channel, metrics.
export { deliveryPublicRoutes } from './delivery.public.routes.ts';
export { deliveryRoutes } from './delivery.routes.ts';
export { providerRoutes } from './providers.routes.ts';
export type { EngineSendInput, SendInput } from './delivery.schemas.ts';
export { deliveryProgress, failureReason, residentDeliveries } from './delivery.progress.ts';
export { type FollowUpContent, followUp, unreachedResidents } from './delivery.follow-up.ts';
export { countWaiting, inQuietWindow, localMinutes, quietHoursEnd } from '../../../common/quiet-hours.ts';
export {
  type AcceptedSend,
  acceptSend,
  type CheckedRecipient,
  enqueueSend,
  normalizePhone,
  type PreparedSend,
  sendTransactional,
  type TransactionalMessage,
  writeCheckedSend,
  writeTransactional,
} from './delivery.service.ts';
export { acceptUrgent, listenForUrgentHolds, sendBatchJob, startInboundEmail, urgentBatchJob, urgentOnlyBatchJob } from './delivery.jobs.ts';
export { IMAP_DEFAULT_POLL_SECONDS, type ImapPollRun, imapPollJob, pollImapMailboxes } from './imap-poll.job.ts';
export { quietHoursRelease, startSweeper, sweepDeliveries } from './delivery.sweeper.ts';
export { DeliveryRuntime, type ResidentHooks } from './delivery.runtime.ts';
