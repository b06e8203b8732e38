// Dev outbox: the default destination of every outgoing message until real providers are configured.
export { getOutboxItem, listOutbox, openOutboxOriginal } from './outbox.service.ts';
export { outboxRoutes } from './outbox.routes.ts';
export { outboxItemView, outboxListView, outboxOriginalView, outboxQuery } from './outbox.schemas.ts';
