// Registers every channel adapter with the registry (imported once by the delivery runtime).
import { createDevOutboxSender } from './dev-outbox/dev-outbox.sender.ts';
import { registerSenderFactory } from './registry.ts';

registerSenderFactory('dev-outbox', createDevOutboxSender);
