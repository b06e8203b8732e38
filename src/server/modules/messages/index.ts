// Messages: what staff send, to an audience resolved at send time from consent (never to raw addresses), and test
// sends to one's own address. The delivery engine carries them out.
export { messageRoutes } from './messages.routes.ts';
export { type MessageAccepted, type MessageInput, messageInput } from './messages.schemas.ts';
export { planRecipients, sendToAudience } from './messages.service.ts';
export { ownTestTargets, sendTest } from './test-send.service.ts';
