// Dev outbox: the default destination of every outgoing message until real providers are configured.
export { deliverMail, type OutgoingMail } from './outbox.service.ts';
export { outboxRoutes } from './outbox.routes.ts';
