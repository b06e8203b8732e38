// In-process notifications between modules (e.g. tenant settings changed → the portal drops its cached pages).
import { EventEmitter } from 'node:events';
import type { InboxEvent } from '../../common/contracts/inbox.ts';

export interface PlatformEvents {
  'tenant.changed': { tenantId: string; slug: string };
  'portal.content': { tenantId: string };
  /** Inbound messages were stored: the inbox threads them (wakes its worker instead of waiting for the next poll). */
  'inbox.inbound': { count: number };
  /** Something changed in a tenant's inbox: live lists, counts and presence follow (SSE). */
  'inbox.changed': { tenantId: string; event: InboxEvent };
  /** A report was filed (any source): its forwarding to a back office starts without waiting for the next poll. */
  'reports.filed': { tenantId: string; reportId: string; categoryId: string };
  /** A report changed (status, assignment, comment, photo): the portal drops cached report pages, the console follows. */
  'reports.changed': { tenantId: string; reportId: string };
  /** A survey was published, closed, answered or changed: portal pages and live results follow. */
  'surveys.changed': { tenantId: string; surveyId: string };
  /** An event or its RSVPs changed: portal pages, events.ics and the attendee list follow. */
  'events.changed': { tenantId: string; eventId: string };
  /** The waste calendar changed (dates, types, districts): the portal and the .ics feeds follow. */
  'waste.changed': { tenantId: string };
  /** A resident was erased (Art. 17), after the commit: the confirmed event answers that went free places to move up. */
  'residents.erased': { eventAnswers: Array<{ tenantId: string; eventId: string }> };
}

const emitter = new EventEmitter();
emitter.setMaxListeners(100);

export function emit<K extends keyof PlatformEvents>(name: K, payload: PlatformEvents[K]) {
  emitter.emit(name, payload);
}

export function on<K extends keyof PlatformEvents>(name: K, fn: (payload: PlatformEvents[K]) => void): () => void {
  emitter.on(name, fn);
  return () => emitter.off(name, fn);
}
