// Live inbox events: every change to a conversation (status, owner, new entry, presence) is published here, and the
// inbox stream (inbox.stream.ts) forwards a tenant's events to its open consoles. Ids and states only, never bodies.
import type { InboxEvent } from '../../../common/contracts/inbox.ts';
import { emit } from '../../platform/events.ts';

/** Publishes one inbox event of a tenant (in-process: each server process streams what it changed itself). */
export function publishInbox(tenantId: string, event: InboxEvent): void {
  emit('inbox.changed', { tenantId, event });
}
